/**
 * Annotation proposals for columns the manifest does not annotate yet, from three kinds of evidence:
 * the built-in name classifier (grammars/classifier/names.yaml), a classifier learned from the manifest's own
 * annotations (src/classify/learned.ts) and, with samples, the values themselves (src/classify/values.ts).
 * Every proposal carries its confidence and the reasons behind it.
 */
import { NameModel, type Example } from '../classify/learned.js';
import { classifyName } from '../classify/names.js';
import { classifyValues, DETECTORS, type Confidence } from '../classify/values.js';
import { compareStrings } from '../graph/ids.js';
import { knownColumns, type LineageIndex } from '../graph/lineage-index.js';
import type { Sample } from './samples.js';

export type Evidence = 'name' | 'learned' | 'values';

export interface FieldProposal {
  column: string;
  categories: string[];
  confidence: Confidence;
  evidence: Evidence[];
  reasons: string[];
}

export interface AssetProposal {
  asset: string;
  /** False when the asset is known only from a sample file, not from the lineage graph. */
  inGraph: boolean;
  fields: FieldProposal[];
}

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };
const byRank = (a: Confidence, b: Confidence) => (RANK[a] >= RANK[b] ? a : b);
const lower = (c: Confidence): Confidence => (c === 'high' ? 'medium' : 'low');

/** Categories some value detector can recognise (so samples can contradict a name). */
const DETECTABLE = new Set(DETECTORS.map((d) => d.category));

/** At least this many non-empty sample values before values may veto a name-based proposal. */
const MIN_VALUES_TO_VETO = 5;

interface Draft {
  categories: Map<string, { confidence: Confidence; evidence: Set<Evidence>; reasons: string[] }>;
}

function add(draft: Draft, category: string, confidence: Confidence, evidence: Evidence, reason: string): void {
  let entry = draft.categories.get(category);
  if (!entry) draft.categories.set(category, (entry = { confidence, evidence: new Set(), reasons: [] }));
  entry.confidence = byRank(entry.confidence, confidence);
  entry.evidence.add(evidence);
  entry.reasons.push(reason);
}

/** Field annotations by asset: the report's, plus those read from the manifest file (which win). */
export type Annotated = Map<string, Record<string, string[]>>;

function annotatedFields(index: LineageIndex, manifest: Annotated): Annotated {
  const out: Annotated = new Map();
  for (const asset of index.assets.values()) if (asset.annotation?.fields) out.set(asset.id, { ...asset.annotation.fields });
  for (const [id, fields] of manifest) out.set(id, { ...out.get(id), ...fields });
  return out;
}

/**
 * Examples for the learned classifier: every annotated field, and as negative examples the known columns an
 * annotated asset leaves unannotated.
 */
export function annotationExamples(index: LineageIndex, annotated: Annotated): Example[] {
  return [...annotated.entries()].sort(([a], [b]) => compareStrings(a, b)).flatMap(([asset, fields]) => [
    ...Object.entries(fields).map(([name, categories]) => ({ name, categories, asset })),
    ...knownColumns(index, asset).filter((name) => fields[name] === undefined).map((name) => ({ name, categories: [], asset })),
  ]);
}

/** The classifier's reason without the regular expression it quotes. */
const shortReason = (reason: string) => reason.replace(/ \(\/.*\/ on '([^']*)'\)$/, '');

function proposeField(asset: string, column: string, model: NameModel, values: string[] | undefined): FieldProposal | null {
  const draft: Draft = { categories: new Map() };
  const assetName = asset.slice(asset.indexOf(':') + 1);
  const byName = classifyName(`${assetName}.${column}`);
  for (const match of byName.matches) add(draft, match.category, 'medium', 'name', shortReason(match.reason));
  const learned = model.predict(column);
  if (learned) {
    for (const category of learned.categories) add(draft, category, learned.similarity >= 0.7 ? 'medium' : 'low', 'learned', learned.reason);
  }
  const nonEmpty = values?.filter((v) => v.trim() !== '').length ?? 0;
  const fromValues = values ? classifyValues(values) : null;
  if (fromValues) add(draft, fromValues.category, fromValues.confidence, 'values', `${fromValues.reason} (sample)`);
  const fields: FieldProposal[] = [];
  for (const [category, entry] of draft.categories) {
    let confidence = entry.confidence;
    // Names and values agreeing are independent evidence; the two name classifiers are not.
    if (entry.evidence.has('values') && entry.evidence.size >= 2) confidence = 'high';
    // Enough sample values, a detector for this category, and none of the values look like it: a doubt.
    if (!entry.evidence.has('values') && nonEmpty >= MIN_VALUES_TO_VETO && DETECTABLE.has(category)) {
      confidence = lower(confidence);
      entry.reasons.push(`but the ${nonEmpty} non-empty sample values do not look like it`);
    }
    fields.push({ column, categories: [category], confidence, evidence: [...entry.evidence].sort(), reasons: entry.reasons });
  }
  if (fields.length === 0) return null;
  // One proposal per column: the categories together, the strongest confidence, every reason.
  const categories = fields.map((f) => f.categories[0]!).sort(compareStrings);
  return {
    column, categories,
    confidence: fields.map((f) => f.confidence).reduce(byRank),
    evidence: [...new Set(fields.flatMap((f) => f.evidence))].sort(),
    reasons: fields.flatMap((f) => f.reasons),
  };
}

export interface ProposalInput {
  index: LineageIndex;
  samples: readonly Sample[];
  /** Field annotations of the manifest file, when the report does not carry them. */
  manifest?: Annotated;
}

export function proposeAnnotations({ index, samples, manifest = new Map() }: ProposalInput): AssetProposal[] {
  const annotatedByAsset = annotatedFields(index, manifest);
  const corpus = [...index.assets.keys()].flatMap((id) => knownColumns(index, id));
  const model = NameModel.train(annotationExamples(index, annotatedByAsset), [...corpus, ...samples.flatMap((s) => [...s.columns.keys()])]);
  const sampleOf = new Map<string, Sample>();
  for (const sample of samples) {
    const match = [...index.assets.values()].find((a) => a.name === sample.asset || a.id === sample.asset);
    sampleOf.set(match ? match.id : `table:${sample.asset}`, sample);
  }
  const assetIds = [...new Set([...index.assets.keys(), ...sampleOf.keys()])].sort(compareStrings);
  const proposals: AssetProposal[] = [];
  for (const asset of assetIds) {
    const sample = sampleOf.get(asset);
    const annotated = annotatedByAsset.get(asset) ?? {};
    const columns = new Set([...knownColumns(index, asset), ...(sample ? sample.columns.keys() : [])]);
    const fields = [...columns].sort(compareStrings)
      .filter((column) => annotated[column] === undefined)
      .map((column) => proposeField(asset, column, model, sample?.columns.get(column)))
      .filter((f): f is FieldProposal => f !== null);
    if (fields.length > 0) proposals.push({ asset, inGraph: index.assets.has(asset), fields });
  }
  return proposals;
}
