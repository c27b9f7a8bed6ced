/** Text for `lineage explain`: the sentences as one wrapped paragraph per topic. */
import type { Explanation } from '../../graph/explain.js';
import { forTerminal } from '../terminal-safe.js';

export function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function formatExplanationText(explanation: Explanation): string {
  explanation = forTerminal(explanation); // names from the scanned tree, shown with control characters escaped
  return explanation.sentences.map((s) => wrap(s).join('\n')).join('\n') + '\n';
}
