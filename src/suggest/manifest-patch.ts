/**
 * Proposals as a manifest patch (YAML in the shape of lineage.yaml's `assets:` section, each field with its
 * confidence and reasons as a comment), and the merge of that patch into an existing lineage.yaml with the yaml
 * Document API, so the file keeps its comments, key order and style.
 */
import { isMap, isScalar, isSeq, parseDocument, Document, YAMLMap, YAMLSeq, type Node, type Pair } from 'yaml';
import type { MissingEdge } from '../graph/missing-edges.js';
import { terminalSafe } from '../report/terminal-safe.js';
import type { AssetProposal, FieldProposal } from './proposals.js';

const HEADER = ' Proposed annotations from `lineage suggest`: review them, then `lineage suggest --write` merges them into lineage.yaml.';

/**
 * Reasons name columns and tables from the scanned tree: a line break in one would end the comment and put the
 * rest of the name into the manifest as YAML of its own, so comments are written on one line, escaped.
 */
function fieldComment(field: FieldProposal): string {
  return terminalSafe(` suggested (${field.confidence}, ${field.evidence.join(' + ')}): ${field.reasons.join('; ')}`);
}

/** `{ categories: [a, b] }` as a flow mapping, the style the manifest uses for fields. */
function fieldNode(doc: Document, categories: readonly string[]): Node {
  const node = doc.createNode({ categories: [...categories] }) as YAMLMap;
  node.flow = true;
  return node;
}

function addField(doc: Document, fields: YAMLMap, field: FieldProposal): boolean {
  const existing = fields.get(field.column, true) as unknown;
  if (existing === undefined) {
    const pair = doc.createPair(field.column, fieldNode(doc, field.categories)) as Pair<Node, Node>;
    (pair.key as Node).commentBefore = fieldComment(field);
    fields.items.push(pair);
    return true;
  }
  if (!isMap(existing)) return false;
  let categories = existing.get('categories', true) as unknown;
  if (!isSeq(categories)) {
    existing.set('categories', doc.createNode([]));
    categories = existing.get('categories', true);
  }
  const seq = categories as YAMLSeq;
  const present = new Set(seq.items.map((item) => (isScalar(item) ? String(item.value) : String(item))));
  const missing = field.categories.filter((c) => !present.has(c));
  for (const category of missing) seq.items.push(doc.createNode(category) as Node);
  return missing.length > 0;
}

function assetItem(doc: Document, assets: YAMLSeq, proposal: AssetProposal): YAMLMap {
  const found = assets.items.find((item) => isMap(item) && item.get('id') === proposal.asset);
  if (found) return found as YAMLMap;
  const item = doc.createNode({ id: proposal.asset }) as YAMLMap;
  if (!proposal.inGraph) item.commentBefore = ' not in the lineage graph: known from a sample file only';
  assets.items.push(item);
  return item;
}

function fieldsOf(doc: Document, item: YAMLMap): YAMLMap {
  const fields = item.get('fields', true) as unknown;
  if (isMap(fields)) return fields;
  const created = doc.createNode({}) as YAMLMap;
  item.set('fields', created);
  return created;
}

function assetsOf(doc: Document): YAMLSeq {
  const assets = doc.get('assets', true) as unknown;
  if (isSeq(assets)) return assets;
  const created = doc.createNode([]) as YAMLSeq;
  doc.set('assets', created);
  return created;
}

/** Merges proposals into a parsed manifest; returns how many fields were added or extended. */
export function mergeProposals(doc: Document, proposals: readonly AssetProposal[]): number {
  const assets = assetsOf(doc);
  let changed = 0;
  for (const proposal of proposals) {
    const fields = fieldsOf(doc, assetItem(doc, assets, proposal));
    for (const field of proposal.fields) if (addField(doc, fields, field)) changed++;
  }
  return changed;
}

/** The proposals as a manifest fragment in the manifest's own style; missing-edge candidates as comments. */
export function renderPatch(proposals: readonly AssetProposal[], edges: readonly MissingEdge[]): string {
  const lines = [`#${HEADER}`, 'version: 1', proposals.length > 0 ? 'assets:' : 'assets: []'];
  const body = proposals.map((p) => assetLines(p, '  ')).join('');
  const tail = edges.length === 0 ? '' : ['', '# Possible missing lineage (assets sharing distinctive columns, no edge between them):',
    ...edges.map((e) => `#   ${terminalSafe(e.reason)}`)].join('\n') + '\n';
  return `${lines.join('\n')}\n${body}${tail}`;
}

/**
 * Field annotations already in a manifest's `assets:` list (exact ids only; glob ids are left to the manifest
 * stage), so proposals skip what is annotated even when the report carries no annotations.
 */
export function manifestAnnotations(text: string): Map<string, Record<string, string[]>> {
  const out = new Map<string, Record<string, string[]>>();
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return out;
  const assets = doc.get('assets', true) as unknown;
  if (!isSeq(assets)) return out;
  for (const item of assets.items) {
    if (!isMap(item) || typeof item.get('id') !== 'string') continue;
    const fields = item.get('fields', true) as unknown;
    const record: Record<string, string[]> = {};
    if (isMap(fields)) {
      for (const pair of fields.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const value = pair.value as unknown;
        const categories = isMap(value) ? value.get('categories', true) as unknown : undefined;
        record[key] = isSeq(categories) ? categories.items.map((c) => (isScalar(c) ? String(c.value) : String(c))) : [];
      }
    }
    out.set(item.get('id') as string, record);
  }
  return out;
}

export type MergeResult = { ok: true; text: string; changed: number } | { ok: false; message: string };

interface Insertion {
  at: number;
  text: string;
}

/** Offset just past the line holding `offset` (after its newline). */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', Math.max(0, offset - 1));
  return newline === -1 ? text.length : newline + 1;
}

/** Column of the line holding `offset`'s first character of content. */
function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function fieldLines(field: FieldProposal, indent: string): string {
  return `${indent}#${fieldComment(field)}\n${indent}${yamlString(field.column)}: { categories: [${field.categories.join(', ')}] }\n`;
}

/**
 * A name from the scanned tree as a YAML string: plain when it reads back as the same string, else double-quoted
 * (JSON's escapes are YAML's). `null` or `true` would read back as other values, ` #` would start a comment and a
 * colon at the end would make a key.
 */
function yamlString(text: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_.:/@+-]*$/.test(text) && !/^(null|true|false)$/i.test(text) && !text.endsWith(':');
  return plain ? text : JSON.stringify(text);
}

function assetLines(proposal: AssetProposal, indent: string): string {
  const comment = proposal.inGraph ? '' : `${indent}# not in the lineage graph: known from a sample file only\n`;
  const fields = proposal.fields.map((f) => fieldLines(f, `${indent}    `)).join('');
  return `${comment}${indent}- id: ${yamlString(proposal.asset)}\n${indent}  fields:\n${fields}`;
}

const blockRange = (node: unknown): [number, number, number] | undefined => {
  const n = node as { flow?: boolean; range?: [number, number, number] };
  return n && !n.flow && n.range ? n.range : undefined;
};

/**
 * Merges proposals into manifest text by inserting new lines only, so every existing byte (comments, order, flow
 * style, spacing) stays as it was. Fields already annotated are left alone. Manifests written in flow style fall
 * back to a re-rendering of the whole document.
 */
export function mergeIntoManifest(text: string, proposals: readonly AssetProposal[]): MergeResult {
  if (text.trim() === '') return { ok: true, text: renderPatch(proposals, []).replace(/^#.*\n/, ''), changed: proposals.reduce((n, p) => n + p.fields.length, 0) };
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, message: `not valid YAML (${doc.errors[0]!.message.split('\n')[0]})` };
  if (!isMap(doc.contents)) return { ok: false, message: 'the manifest is not a YAML mapping' };
  const assets = doc.get('assets', true) as unknown;
  const insertions: Insertion[] = [];
  let changed = 0;
  const appended: AssetProposal[] = [];
  for (const proposal of proposals) {
    const item = isSeq(assets) ? assets.items.find((i) => isMap(i) && i.get('id') === proposal.asset) : undefined;
    if (!item || !isMap(item)) {
      appended.push(proposal);
      continue;
    }
    const fields = item.get('fields', true) as unknown;
    const fresh = proposal.fields.filter((f) => !isMap(fields) || !fields.has(f.column));
    if (fresh.length === 0) continue;
    const itemRange = blockRange(item);
    if (!itemRange) return fallback(text, proposals);
    if (isMap(fields)) {
      const range = blockRange(fields);
      const first = fields.items[0]?.key as { range?: [number, number, number] } | undefined;
      if (!range || !first?.range) return fallback(text, proposals);
      const indent = ' '.repeat(columnOf(text, first.range[0]));
      insertions.push({ at: endOfLine(text, range[1]), text: fresh.map((f) => fieldLines(f, indent)).join('') });
    } else {
      const firstKey = item.items[0]?.key as { range?: [number, number, number] } | undefined;
      const indent = ' '.repeat(firstKey?.range ? columnOf(text, firstKey.range[0]) : 4);
      insertions.push({ at: endOfLine(text, itemRange[1]), text: `${indent}fields:\n${fresh.map((f) => fieldLines(f, `${indent}  `)).join('')}` });
    }
    changed += fresh.length;
  }
  if (appended.length > 0) {
    const range = isSeq(assets) ? blockRange(assets) : undefined;
    if (isSeq(assets) && (!range || assets.items.length === 0)) return fallback(text, proposals);
    const firstItem = isSeq(assets) ? (assets.items[0] as { range?: [number, number, number] } | undefined) : undefined;
    // Items start after `- `: the dash sits two columns left of the item's first key.
    const indent = ' '.repeat(firstItem?.range ? Math.max(0, columnOf(text, firstItem.range[0]) - 2) : 2);
    const block = appended.map((p) => assetLines(p, indent)).join('');
    if (range) insertions.push({ at: endOfLine(text, range[1]), text: block });
    else insertions.push({ at: text.length, text: `${text.endsWith('\n') ? '' : '\n'}assets:\n${block}` });
    changed += appended.reduce((n, p) => n + p.fields.length, 0);
  }
  let merged = text;
  for (const insertion of insertions.sort((a, b) => b.at - a.at)) merged = merged.slice(0, insertion.at) + insertion.text + merged.slice(insertion.at);
  const check = parseDocument(merged);
  if (check.errors.length > 0) return fallback(text, proposals);
  return { ok: true, text: merged, changed };
}

/** Re-renders the whole document (flow-style manifests): content and comments kept, spacing normalised. */
function fallback(text: string, proposals: readonly AssetProposal[]): MergeResult {
  const doc = parseDocument(text);
  const changed = mergeProposals(doc, proposals);
  return { ok: true, text: doc.toString({ lineWidth: 0 }), changed };
}
