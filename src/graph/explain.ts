/**
 * `lineage explain`: a few plain sentences about an asset or column, built only from the report (edges, jobs,
 * column lineage, annotations, categories, flows, findings). Deterministic: the same report gives the same text.
 */
import { categoriesOfName } from '../classify/names.js';
import type { ReportJob } from '../report/json/schema.js';
import { compareStrings, naturalCompare } from './ids.js';
import { columnCategories, displayName, jobWhere, type LineageIndex } from './lineage-index.js';
import { querySubgraph, reachableAssets } from './query.js';
import { withArticle } from '../util/article.js';
import { focusLabel, type Focus } from './resolve.js';

export interface Explanation {
  focus: Focus;
  sentences: string[];
}

const MAX_LISTED = 6;

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
export function listText(items: readonly string[], max = MAX_LISTED): string {
  if (items.length === 0) return '';
  const shown = items.length > max ? [...items.slice(0, max - 1), `${items.length - max + 1} more`] : [...items];
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function sensitivityWord(categories: readonly string[]): string {
  if (categories.some((c) => c.startsWith('user.'))) return 'personal data';
  if (categories.some((c) => c.startsWith('system.'))) return 'system data';
  return 'sensitive data';
}

/** Operations that build an asset's content from their inputs (as opposed to updating it in place). */
const BUILDS = new Set(['insert', 'create_table_as', 'create_view', 'merge', 'select_into', 'replace', 'train', 'write']);

/** How a job produces an asset, as a verb phrase and the preposition before its inputs. */
function verbOf(job: ReportJob, assetKind: string): { verb: string; preposition: string } {
  if (assetKind === 'model') return { verb: 'trained', preposition: 'on' };
  const hasInputs = job.inputs.length > 0;
  switch (job.operation) {
    case 'create_view': return { verb: 'defined as a view', preposition: 'over' };
    case 'create_table': return { verb: 'created', preposition: 'from' };
    case 'update': return { verb: 'updated', preposition: 'using' };
    case 'insert': return { verb: hasInputs ? 'built' : 'loaded', preposition: 'from' };
    default: return { verb: BUILDS.has(job.operation) || job.kind !== 'sql' ? 'built' : 'written', preposition: 'from' };
  }
}

function writers(index: LineageIndex, asset: string): ReportJob[] {
  return [...index.jobs.values()].filter((j) => j.outputs.includes(asset) && j.operation !== 'drop' && j.operation !== 'truncate' && j.operation !== 'delete')
    .sort((a, b) => naturalCompare(a.id, b.id));
}

/** `mart.customer_features (churned, orders_90d)`: an input and the columns the job takes from it directly. */
function inputWithColumns(job: ReportJob, input: string, output: string): string {
  const columns = new Set<string>();
  for (const lineage of job.columnLineage ?? []) {
    if (lineage.output.asset !== output) continue;
    for (const i of lineage.inputs) if (i.asset === input && i.type === 'DIRECT' && i.column !== '*') columns.add(i.column);
  }
  const list = [...columns].sort(compareStrings);
  return list.length > 0 ? `${displayName(input)} (${list.join(', ')})` : displayName(input);
}

/**
 * The inputs a job's data reaches `asset` from: the edges into it that the job makes (a function that writes two
 * assets from different inputs feeds each from its own).
 */
function inputsInto(index: LineageIndex, job: { id: string }, asset: string): string[] {
  return (index.incoming.get(asset) ?? []).filter((edge) => edge.jobs.includes(job.id)).map((edge) => edge.from);
}

/** `which warehouse/models/marts/x.sql builds from a and b`: one more hop up, when it is a single building job. */
function upstreamClause(index: LineageIndex, inputs: readonly string[]): string {
  const builders = inputs.flatMap((input) => writers(index, input)
    .filter((w) => BUILDS.has(w.operation) && inputsInto(index, w, input).length > 0).map((w) => ({ input, w })));
  if (builders.length !== 1) return '';
  const { input, w } = builders[0]!;
  return `, which ${w.file} builds from ${listText(inputsInto(index, w, input).map(displayName))}`;
}

function producedSentence(index: LineageIndex, asset: string): string {
  const kind = index.assets.get(asset)?.kind ?? 'table';
  const jobs = writers(index, asset);
  const name = displayName(asset);
  if (jobs.length === 0) {
    const readers = [...index.jobs.values()].filter((j) => j.inputs.includes(asset)).sort((a, b) => naturalCompare(a.id, b.id));
    const where = readers.length > 0 ? `; it is read in ${listText(readers.map(jobWhere))}` : '';
    return `Nothing in the scanned code writes ${name}${where}.`;
  }
  // Jobs that build the asset from other assets first, then the rest in file order.
  const ordered = [...jobs].sort((a, b) => Number(!BUILDS.has(a.operation) && a.kind === 'sql') - Number(!BUILDS.has(b.operation) && b.kind === 'sql')
    || Number(a.inputs.length === 0) - Number(b.inputs.length === 0) || naturalCompare(a.id, b.id));
  const clauses = ordered.slice(0, 4).map((job, i) => {
    const { verb, preposition } = verbOf(job, kind);
    const inputs = inputsInto(index, job, asset);
    const from = inputs.length > 0 ? ` ${preposition} ${listText(inputs.map((input) => inputWithColumns(job, input, asset)))}` : '';
    return `${verb} in ${jobWhere(job)}${from}${i === 0 && inputs.length > 0 ? upstreamClause(index, inputs) : ''}`;
  });
  if (ordered.length > 4) clauses.push(`written by ${ordered.length - 4} more jobs`);
  return `${name} is ${clauses.length > 2 ? clauses.join('; ') : clauses.join(', and ')}.`;
}

function ownerSentence(index: LineageIndex, asset: string): string | null {
  const annotation = index.assets.get(asset)?.annotation;
  if (!annotation) return null;
  const owner = annotation.owner ? `owned by ${annotation.owner}` : 'annotated';
  const description = annotation.description ? ` (${annotation.description.replace(/\.$/, '')})` : '';
  return `${displayName(asset)} is ${owner} in the manifest entry ${annotation.entry}${description}.`;
}

function sourcesSentence(index: LineageIndex, asset: string): string | null {
  const upstream = reachableAssets(index, [asset], 'upstream');
  const roots = [...upstream.keys()].filter((id) => (index.incoming.get(id) ?? []).length === 0).sort(compareStrings);
  if (upstream.size < 2 || roots.length === 0) return null;
  return `Its data comes from ${upstream.size} upstream assets, originally from ${listText(roots.map(displayName))}.`;
}

function downstreamSentence(index: LineageIndex, asset: string): string | null {
  const downstream = [...reachableAssets(index, [asset], 'downstream').entries()].sort(([a, da], [b, db]) => da - db || compareStrings(a, b));
  if (downstream.length === 0) return `Nothing in the lineage graph is built from ${displayName(asset)}.`;
  const models = downstream.filter(([id]) => index.assets.get(id)?.kind === 'model').map(([id]) => id);
  const modelText = models.length > 0 && downstream.length > MAX_LISTED ? `, including ${listText(models)}` : '';
  return `${downstream.length} ${downstream.length === 1 ? 'asset depends' : 'assets depend'} on it: ${listText(downstream.map(([id]) => displayName(id)))}${modelText}.`;
}

type Reach = 'reaches' | 'may reach' | 'does not reach';

/** Whether values of a column reach `target` (any column of it): proven by column lineage, possible, or not. */
export function columnReach(index: LineageIndex, from: Focus, target: string): Reach {
  const slice = querySubgraph(index, from, { direction: 'downstream', directOnly: true });
  if (slice.nodes.some((n) => n.asset === target && n.column !== undefined)) return 'reaches';
  if (slice.nodes.some((n) => n.asset === target)) return 'may reach';
  return 'does not reach';
}

function targetName(index: LineageIndex, asset: string): string {
  return index.assets.get(asset)?.kind === 'model' ? 'the model' : displayName(asset);
}

const REACH_VERBS: Record<Reach, [string, string]> = {
  reaches: ['reaches', 'reach'], 'may reach': ['may reach', 'may reach'], 'does not reach': ['does not reach', 'do not reach'],
};

/** Sensitive upstream columns and whether each reaches the asset. */
function upstreamSensitivity(index: LineageIndex, asset: string): string[] {
  const upstream = [...reachableAssets(index, [asset], 'upstream').keys()].sort(compareStrings);
  const byReach = new Map<Reach, Array<{ label: string; categories: string[] }>>();
  for (const id of upstream) {
    const fields = index.assets.get(id)?.annotation?.fields ?? {};
    for (const column of Object.keys(fields).sort(compareStrings)) {
      const categories = [...fields[column]!].sort(compareStrings);
      if (categories.length === 0) continue;
      const reach = columnReach(index, { asset: id, column }, asset);
      byReach.set(reach, [...(byReach.get(reach) ?? []), { label: `${displayName(id)}.${column} (${categories.join(', ')})`, categories }]);
    }
  }
  const target = targetName(index, asset);
  const order: Reach[] = ['reaches', 'may reach', 'does not reach'];
  return order.filter((reach) => byReach.has(reach)).map((reach) => {
    const items = byReach.get(reach)!;
    const one = items.length === 1;
    const caveat = reach === 'may reach' ? ' (only table-level lineage on the way)' : '';
    return `${listText(items.map((i) => i.label))} ${one ? 'is' : 'are'} ${sensitivityWord(items.flatMap((i) => i.categories))} and ${REACH_VERBS[reach][one ? 0 : 1]} ${target}${caveat}.`;
  });
}

function ownSensitivity(index: LineageIndex, asset: string): string | null {
  const fields = index.assets.get(asset)?.annotation?.fields ?? {};
  const listed = Object.keys(fields).sort(compareStrings).filter((c) => fields[c]!.length > 0)
    .map((c) => `${c} (${[...fields[c]!].sort(compareStrings).join(', ')})`);
  if (listed.length > 0) return `Its annotated columns ${listText(listed)} hold ${sensitivityWord(Object.values(fields).flat())}.`;
  const categories = index.assets.get(asset)?.categories ?? [];
  if (categories.length > 0) return `It holds ${sensitivityWord(categories)} (${[...categories].sort(compareStrings).join(', ')}) but has no manifest annotation.`;
  return null;
}

function flowSentences(index: LineageIndex, focus: Focus): string[] {
  return index.report.flows
    .filter((f) => f.source.asset === focus.asset && (focus.column === undefined || f.source.column === undefined || f.source.column === focus.column))
    .sort((a, b) => compareStrings(a.sink.file, b.sink.file) || a.sink.line - b.sink.line || compareStrings(a.id, b.id))
    .map((f) => {
      const source = f.source.column ? `${displayName(f.source.asset!)}.${f.source.column}` : displayName(f.source.asset!);
      return `${source} reaches ${withArticle(f.sink.kind)} sink: ${f.sink.callee} at ${f.sink.file}:${f.sink.line}${f.sink.target ? ` (${f.sink.target})` : ''}.`;
    });
}

function findingSentences(index: LineageIndex, focus: Focus): string[] {
  const flows = new Set(index.report.flows.filter((f) => f.source.asset === focus.asset
    && (focus.column === undefined || f.source.column === focus.column)).map((f) => f.id));
  return index.report.findings
    .filter((f) => (f.flow !== undefined && flows.has(f.flow)) || (focus.column === undefined && f.asset === focus.asset))
    .filter((f) => f.suppression === undefined)
    .map((f) => `Finding (${f.level}, ${f.policy ?? f.ruleId}) at ${f.file}:${f.line}: ${f.message.replace(/\.$/, '')}.`);
}

function columnSentences(index: LineageIndex, focus: Focus & { column: string }): string[] {
  const label = focusLabel(focus);
  const sentences: string[] = [];
  const declared = columnCategories(index, focus.asset, focus.column);
  const byName = categoriesOfName(`${displayName(focus.asset)}.${focus.column}`);
  if (declared.length > 0) {
    const owner = index.assets.get(focus.asset)?.annotation?.owner;
    sentences.push(`${label} is ${sensitivityWord(declared)} (${declared.join(', ')}), declared in the manifest${owner ? ` by ${owner}` : ''}.`);
  } else if (byName.length > 0) {
    sentences.push(`${label} looks like ${sensitivityWord(byName)} by its name (${byName.join(', ')}) but is not annotated in the manifest.`);
  }
  const up = querySubgraph(index, focus, { direction: 'upstream', depth: 1, directOnly: true });
  const sources = up.edges.filter((e) => e.level === 'column');
  if (sources.length > 0) {
    const jobs = [...new Set(sources.flatMap((e) => e.jobs.map((j) => `${j.file}:${j.callLine ?? j.line}`)))];
    sentences.push(`It is computed in ${listText(jobs)} from ${listText(sources.map((e) => e.from))}.`);
  } else {
    const writes = writers(index, focus.asset).map(jobWhere);
    if (writes.length > 0) sentences.push(`${displayName(focus.asset)} is written in ${listText(writes)}.`);
  }
  const down = querySubgraph(index, focus, { direction: 'downstream', directOnly: true });
  const columns = down.nodes.filter((n) => n.depth > 0 && n.column !== undefined).map((n) => n.key);
  const tables = down.nodes.filter((n) => n.depth > 0 && n.column === undefined).map((n) => n.key);
  if (columns.length > 0) sentences.push(`Its values flow into ${listText(columns)}.`);
  if (tables.length > 0) sentences.push(`At table level (no column lineage there) it may also reach ${listText(tables)}.`);
  if (columns.length + tables.length === 0) sentences.push(`Its values flow into no other asset in the lineage graph.`);
  const models = [...reachableAssets(index, [focus.asset], 'downstream').keys()].filter((id) => index.assets.get(id)?.kind === 'model').sort(compareStrings);
  for (const model of models) {
    const reach = columnReach(index, focus, model);
    if (reach !== 'reaches') sentences.push(`It ${reach} ${model}${reach === 'may reach' ? ' (only table-level lineage on the way)' : ''}.`);
  }
  return sentences;
}

export function explain(index: LineageIndex, focus: Focus): Explanation {
  if (focus.column !== undefined) {
    return { focus, sentences: [...columnSentences(index, { ...focus, column: focus.column }), ...flowSentences(index, focus), ...findingSentences(index, focus)] };
  }
  const sentences = [
    producedSentence(index, focus.asset),
    ownerSentence(index, focus.asset),
    ownSensitivity(index, focus.asset),
    sourcesSentence(index, focus.asset),
    ...upstreamSensitivity(index, focus.asset),
    downstreamSentence(index, focus.asset),
    ...flowSentences(index, focus),
    ...findingSentences(index, focus),
  ].filter((s): s is string => s !== null);
  return { focus, sentences };
}
