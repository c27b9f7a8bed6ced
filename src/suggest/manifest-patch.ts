/**
 * Proposals as a manifest patch (YAML in the shape of lineage.yaml's `assets:` section, each field with its
 * confidence and reasons as a comment), and the merge of that patch into an existing lineage.yaml with the yaml
 * Document API, so the file keeps its comments, key order and style.
 */
import { isMap, isScalar, isSeq, parseDocument, Document, YAMLMap, YAMLSeq, type Node, type Pair } from 'yaml';
import type { MissingEdge } from '../graph/missing-edges.js';
import type { AssetProposal, FieldProposal } from './proposals.js';

const HEADER = ' Proposed annotations from `lineage suggest`: review them, then `lineage suggest --write` merges them into lineage.yaml.';

function fieldComment(field: FieldProposal): string {
  return ` suggested (${field.confidence}, ${field.evidence.join(' + ')}): ${field.reasons.join('; ')}`;
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

function missingEdgesComment(edges: readonly MissingEdge[]): string {
  if (edges.length === 0) return '';
  return [' Possible missing lineage (assets sharing distinctive columns, no edge between them):',
    ...edges.map((e) => `   ${e.reason}`)].join('\n');
}

export function renderPatch(proposals: readonly AssetProposal[], edges: readonly MissingEdge[]): string {
  const doc = new Document({ version: 1 });
  doc.commentBefore = HEADER;
  mergeProposals(doc, proposals);
  const comment = missingEdgesComment(edges);
  if (comment) doc.comment = comment;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
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

/** Merges into manifest text (empty for a new file), keeping its comments and order. */
export function mergeIntoManifest(text: string, proposals: readonly AssetProposal[]): MergeResult {
  const doc = text.trim() === '' ? new Document({ version: 1 }) : parseDocument(text);
  if (doc.errors.length > 0) return { ok: false, message: `not valid YAML (${doc.errors[0]!.message.split('\n')[0]})` };
  if (doc.contents !== null && !isMap(doc.contents)) return { ok: false, message: 'the manifest is not a YAML mapping' };
  const changed = mergeProposals(doc, proposals);
  return { ok: true, text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }), changed };
}
