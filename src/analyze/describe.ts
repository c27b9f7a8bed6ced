/** Wording shared by the rules' messages, so every finding names things the same way. */
import { assetName } from '../graph/ids.js';
import type { Flow, FlowStep } from './types.js';
import { withArticle } from '../util/article.js';

export const list = (values: readonly string[]) => values.join(', ');

/** `'user.email' from raw.users.email`, `'row["ssn"]'`, `raw.users.email`, `all of raw.users` (read as a whole). */
export function sourceLabel(source: Flow['source']): string {
  if (!source.asset) return `'${source.name}'`;
  const where = source.column ? `${assetName(source.asset)}.${source.column}` : `all of ${assetName(source.asset)}`;
  const named = source.name && source.name !== source.column && source.name !== source.asset && source.name !== assetName(source.asset);
  return named && source.name !== where ? `'${source.name}' from ${where}` : where;
}

export function sinkLabel(sink: Flow['sink']): string {
  return `${withArticle(sink.kind)} sink (${sink.callee}${sink.target ? ` -> ${sink.target}` : ''})`;
}

/** The flow's path with its source first and its sink last, whatever the simulator included. */
export function flowPath(flow: Flow): FlowStep[] {
  const steps = [...flow.path];
  const first = steps[0];
  if (!first || first.file !== flow.source.file || first.line !== flow.source.line) {
    steps.unshift({ file: flow.source.file, line: flow.source.line, note: `source: ${flow.source.name}` });
  }
  const last = steps[steps.length - 1]!;
  const atSink = last.file === flow.sink.file && last.line >= flow.sink.line && last.line <= (flow.sink.endLine ?? flow.sink.line);
  if (!atSink) {
    steps.push({ file: flow.sink.file, line: flow.sink.line, note: `sink: ${flow.sink.callee} (${flow.sink.kind})` });
  }
  return steps;
}

export function sourceKey(source: Flow['source']): string {
  return source.asset ? `${source.asset}#${source.column ?? ''}` : `${source.file}#${source.name}`;
}
