/** Language detection: by extension first, then by content where the extension is ambiguous or missing. */
import type { Language } from '../facts/schema.js';

const BY_EXTENSION: Record<string, Language> = {
  '.py': 'python',
  // Jupyter notebooks: their code cells are read as Python (notebook.ts).
  '.ipynb': 'python',
  '.c': 'cpp', '.cc': 'cpp', '.cpp': 'cpp', '.cxx': 'cpp', '.h': 'cpp', '.hh': 'cpp', '.hpp': 'cpp', '.hxx': 'cpp',
  '.php': 'php',
  '.hack': 'hack', '.hck': 'hack',
  '.sql': 'sql',
};

function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** Whether the file name alone makes this a candidate; `undefined` means "look at the content". */
export function languageByName(path: string): Language | 'content' | null {
  const ext = extensionOf(path);
  if (ext === '') return 'content';
  return BY_EXTENSION[ext] ?? null;
}

/**
 * Refine by the first line: a `<?hh` header makes a PHP (or extension-less) file Hack; a shebang names the
 * interpreter of an extension-less script.
 */
export function languageByContent(path: string, head: string, byName: Language | 'content'): Language | null {
  const firstLine = head.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  if (/^<\?hh\b/.test(firstLine)) return 'hack';
  if (byName !== 'content') return byName;
  if (!firstLine.startsWith('#!')) return null;
  if (/\bpython[0-9.]*\b/.test(firstLine)) return 'python';
  if (/\bphp\b/.test(firstLine)) return 'php';
  if (/\bhhvm\b/.test(firstLine)) return 'hack';
  return null;
}
