/**
 * Path edits on the texts of paths (`out.parent`, `out.with_suffix(".tmp")`, `dirname($path)`), as the IR's
 * `{ edit }` part describes them. A text holding a parameter's marker cannot be edited yet: the edit is written
 * around it (between EDIT_OPEN and EDIT_CLOSE) and done when a caller's argument completes the text (`settleEdits`).
 */
import type { PathEdit } from '../facts/code.js';
import { MARK } from './labels.js';

const EDIT_OPEN = '\u0001';
const EDIT_TO = '\u0002';
const EDIT_BODY = '\u0003';
const EDIT_CLOSE = '\u0004';

/** An edit written around a text not known yet; the innermost first, its body free of other edits. */
const DEFERRED = /\u0001([^\u0001-\u0004]*)\u0002([^\u0001-\u0004]*)\u0003([^\u0001\u0004]*)\u0004/g;

/** The edit of one known text (no marker); undefined when the edit has no meaning for it (the name of `/`). */
export function editedPath(text: string, edit: PathEdit, to = ''): string | undefined {
  if (edit === 'normal') return normalised(text);
  // pathlib drops trailing separators before it looks at the name (`/srv/out/` is `/srv/out`).
  const trimmed = edit === 'dirname' ? text : text.replace(/(?<=.)\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  const head = cut < 0 ? '' : trimmed.slice(0, cut + 1);
  const name = trimmed.slice(cut + 1);
  const dot = name.lastIndexOf('.');
  const suffix = dot > 0 && dot < name.length - 1 ? name.slice(dot) : '';
  const stem = name.slice(0, name.length - suffix.length);
  switch (edit) {
    case 'parent':
      return cut < 0 ? '.' : cut === 0 ? '/' : trimmed.slice(0, cut).replace(/(?<=.)\/+$/, '');
    case 'dirname':
      return cut < 0 ? '' : head.replace(/(?<=.)\/+$/, '');
    case 'name':
      return name;
    case 'stem':
      return stem;
    case 'suffix':
      return suffix;
    case 'withName':
      return name === '' ? undefined : head + to;
    case 'withStem':
      return name === '' ? undefined : head + to + suffix;
    case 'withSuffix':
      return name === '' ? undefined : head + stem + to;
  }
}

/** `a//b/./c/../d` is `a/b/d`, as os.path.normpath writes it. */
function normalised(text: string): string {
  const absolute = text.startsWith('/');
  const out: string[] = [];
  for (const segment of text.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (segment !== '..' || !absolute) out.push(segment);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/**
 * The texts edited. One with a marker is kept with the edit written around it, to be done once the caller's
 * argument is known; `to` with a marker leaves the edit undone (null: no text known).
 */
export function editedTexts(texts: readonly string[], edit: PathEdit, to: readonly string[] | undefined): string[] | null {
  const out: string[] = [];
  for (const text of texts) {
    for (const replacement of to ?? ['']) {
      if (replacement.includes(MARK)) return null;
      const edited = text.includes(MARK) ? `${EDIT_OPEN}${edit}${EDIT_TO}${replacement}${EDIT_BODY}${text}${EDIT_CLOSE}` : editedPath(text, edit, replacement);
      if (edited !== undefined) out.push(edited);
    }
  }
  return out.length > 0 ? [...new Set(out)] : null;
}

/** The text with the edits around texts now known done; undefined when an edit has no meaning there (`/`'s name). */
export function settleEdits(text: string): string | undefined {
  let current = text;
  for (let guard = 0; current.includes(EDIT_OPEN) && guard < 64; guard++) {
    let failed = false;
    const next = current.replace(DEFERRED, (whole, edit: string, to: string, body: string) => {
      if (body.includes(MARK)) return whole;
      const edited = editedPath(body, edit as PathEdit, to);
      if (edited === undefined) failed = true;
      return edited ?? '';
    });
    if (failed) return undefined;
    if (next === current) break;
    current = next;
  }
  return current;
}
