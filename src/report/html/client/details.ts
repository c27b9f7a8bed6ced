/**
 * The evidence panel beside the graph: for an asset or column, the plain-language explanation the reporter
 * precomputed, its owner and categories, where it is defined, the jobs that write and read it (file:line, SQL), its
 * neighbours, flows and findings; for a sink, the flow's path and the findings with their fix hints.
 */
import { clear, h, plural, where } from './dom.js';
import { assetCategories, columnCategories, columnLabel, displayName, isViolation, knownColumns, type Model } from './model.js';
import type { Finding, Flow, Job } from './types.js';

export interface DetailsEvents {
  /** Re-centre the graph on an asset or column. */
  go(asset: string, column?: string): void;
}

const LIST_LIMIT = 25;

function chips(categories: readonly string[]): HTMLElement | null {
  if (categories.length === 0) return null;
  return h('ul', { class: 'chips', 'aria-label': 'Data categories' }, ...categories.map((c) => h('li', { class: 'chip sensitive' }, c)));
}

function section(title: string, ...content: Array<Node | null>): HTMLElement | null {
  const body = content.filter((c): c is Node => c !== null);
  if (body.length === 0) return null;
  return h('section', { class: 'detail-section' }, h('h3', {}, title), ...body);
}

function jobLine(job: Job): HTMLElement {
  const sql = job.sql ? h('details', { class: 'sql' }, h('summary', {}, 'SQL'), h('pre', {}, h('code', {}, job.sql))) : null;
  return h('li', { class: 'job' },
    h('code', { class: 'where' }, where(job.file, job.callLine ?? job.line)), ' ',
    h('span', { class: 'muted' }, [job.operation, job.unit && job.unit !== 'script' ? `in ${job.unit}` : '', job.callee ? `via ${job.callee}` : '', job.confidence === 'low' ? '(low confidence)' : ''].filter(Boolean).join(' ')),
    sql);
}

function limitedList<T>(items: readonly T[], render: (item: T) => HTMLElement, label: string): HTMLElement {
  const list = h('ul', { class: 'plain-list', 'aria-label': label }, ...items.slice(0, LIST_LIMIT).map(render));
  if (items.length > LIST_LIMIT) list.appendChild(h('li', { class: 'muted' }, `and ${items.length - LIST_LIMIT} more`));
  return list;
}

export function findingItem(finding: Finding): HTMLElement {
  return h('li', { class: `finding-line level-${finding.level}` },
    h('span', { class: `badge level-${finding.level}` }, isViolation(finding) ? 'policy violation' : finding.level), ' ',
    finding.message, ' ', h('code', { class: 'where' }, where(finding.file, finding.line)),
    finding.hint ? h('p', { class: 'hint' }, h('strong', {}, 'Fix: '), finding.hint) : null,
    finding.suppression ? h('p', { class: 'muted' }, `Suppressed (${finding.suppression.kind ?? ''}): ${finding.suppression.reason ?? ''}`) : null);
}

export function flowPath(flow: Flow): HTMLElement | null {
  if (!flow.path || flow.path.length === 0) return null;
  return h('ol', { class: 'flow-path', 'aria-label': 'Path of the flow' },
    ...flow.path.map((step) => h('li', {}, h('code', { class: 'where' }, where(step.file, step.line)), ' ', step.note ?? '')));
}

export class DetailsPanel {
  readonly element: HTMLElement;

  constructor(private readonly model: Model, private readonly events: DetailsEvents) {
    this.element = h('aside', { class: 'details', 'aria-label': 'Details of the selected node', tabindex: '-1' });
  }

  private goButton(asset: string, column?: string, text?: string): HTMLElement {
    return h('button', { type: 'button', class: 'link', onclick: () => this.events.go(asset, column), title: 'Show this in the graph' }, text ?? columnLabel(asset, column));
  }

  showEmpty(text: string): void {
    clear(this.element);
    this.element.append(h('p', { class: 'muted' }, text));
  }

  showAsset(assetId: string, column?: string): void {
    const model = this.model;
    const asset = model.assets.get(assetId);
    clear(this.element);
    const annotation = asset?.annotation ?? null;
    const categories = column === undefined ? assetCategories(model, assetId) : columnCategories(model, assetId, column);
    const explanation = column === undefined ? model.page.explanations?.assets?.[assetId] : model.page.explanations?.columns?.[assetId]?.[column];
    const writers = [...model.jobs.values()].filter((j) => (j.outputs ?? []).includes(assetId));
    const readers = [...model.jobs.values()].filter((j) => (j.inputs ?? []).includes(assetId));
    const upstream = model.incoming.get(assetId) ?? [];
    const downstream = model.outgoing.get(assetId) ?? [];
    const flows = (model.flowsBySource.get(assetId) ?? []).filter((f) => column === undefined || f.source.column === column);
    const flowIds = new Set(flows.map((f) => f.id));
    const findings = (model.report.findings ?? []).filter((f) => (f.flow !== undefined && flowIds.has(f.flow)) || (column === undefined && f.asset === assetId));
    const columns = knownColumns(model, assetId);
    const edgeJobs = (jobs: readonly string[] | undefined) => (jobs ?? []).map((id) => model.jobs.get(id)).filter((j): j is Job => j !== undefined)
      .map((j) => where(j.file, j.callLine ?? j.line)).join(', ');

    this.element.append(
      h('header', { class: 'detail-header' },
        h('p', { class: 'eyebrow' }, column === undefined ? (asset?.kind ?? 'asset') : `column of ${displayName(assetId)}`),
        h('h2', { id: 'details-title' }, columnLabel(assetId, column)),
        annotation?.owner ? h('p', { class: 'muted' }, `Owner: ${annotation.owner}`) : null,
        annotation?.description ? h('p', {}, annotation.description) : null,
        annotation?.retention ? h('p', { class: 'muted' }, `Retention: ${annotation.retention}`) : null,
        chips(categories),
        h('div', { class: 'detail-actions' },
          this.goButton(assetId, column, 'Centre the graph here'),
          column !== undefined ? this.goButton(assetId, undefined, `Whole table ${displayName(assetId)}`) : null)),
    );
    const sections = [
      section('In plain words', explanation && explanation.length > 0
        ? h('div', { class: 'explanation' }, ...explanation.map((s) => h('p', {}, s)))
        : h('p', { class: 'muted' }, model.page.explanations?.complete === false
          ? `Not precomputed: the report explains its ${model.page.explanations.limit ?? ''} most relevant assets and sensitive columns. Run \`lineage explain ${columnLabel(assetId, column)}\` for this one.`
          : 'No explanation for this item.')),
      findings.length > 0 ? section(`Findings (${findings.length})`, h('ul', { class: 'plain-list' }, ...findings.map(findingItem))) : null,
      flows.length > 0 ? section(`Sensitive flows (${flows.length})`, limitedList(flows, (flow) => h('li', {},
        h('strong', {}, `${flow.sink.kind} sink`), ` ${flow.sink.callee ?? ''} `, h('code', { class: 'where' }, where(flow.sink.file, flow.sink.line)),
        ' ', this.goButton(assetId, flow.source.column, 'show'),
        flowPath(flow)), 'Flows')) : null,
      column === undefined && columns.length > 0 ? section(`Columns (${columns.length})`, limitedList(columns, (c) => h('li', {},
        this.goButton(assetId, c, c), ' ', chips(columnCategories(model, assetId, c))), 'Columns')) : null,
      section('Defined at', (asset?.locations ?? []).length > 0 ? limitedList(asset!.locations!, (l) => h('li', {}, h('code', { class: 'where' }, where(l.file, l.line))), 'Locations') : null),
      writers.length > 0 ? section(`Written by (${writers.length})`, limitedList(writers, jobLine, 'Jobs writing it')) : null,
      readers.length > 0 ? section(`Read by (${readers.length})`, limitedList(readers, jobLine, 'Jobs reading it')) : null,
      upstream.length > 0 ? section(`Upstream (${upstream.length})`, limitedList(upstream, (e) => h('li', {}, this.goButton(e.from), ' ', h('span', { class: 'muted' }, edgeJobs(e.jobs))), 'Upstream assets')) : null,
      downstream.length > 0 ? section(`Downstream (${downstream.length})`, limitedList(downstream, (e) => h('li', {}, this.goButton(e.to), ' ', h('span', { class: 'muted' }, edgeJobs(e.jobs))), 'Downstream assets')) : null,
    ];
    this.element.append(...sections.filter((s): s is HTMLElement => s !== null));
  }

  showFlow(flowId: string): void {
    const flow = this.model.flows.get(flowId);
    clear(this.element);
    if (!flow) return this.showEmpty('Unknown flow.');
    const findings = this.model.findingsByFlow.get(flowId) ?? [];
    const violation = findings.some(isViolation);
    this.element.append(
      h('header', { class: 'detail-header' },
        h('p', { class: 'eyebrow' }, violation ? 'policy violation' : 'sensitive flow'),
        h('h2', { id: 'details-title' }, `${flow.sink.kind} sink: ${flow.sink.callee ?? ''}`),
        h('p', {}, 'At ', h('code', { class: 'where' }, where(flow.sink.file, flow.sink.line)), flow.sink.target ? ` → ${flow.sink.target}` : ''),
        chips(flow.categories ?? [])),
    );
    const source = flow.source.asset
      ? h('p', {}, 'Read from ', this.goButton(flow.source.asset, flow.source.column), flow.source.name ? ` as ${flow.source.name}` : '', ' ', h('code', { class: 'where' }, where(flow.source.file, flow.source.line)))
      : h('p', {}, `Read as ${flow.source.name ?? 'a value'} `, h('code', { class: 'where' }, where(flow.source.file, flow.source.line)));
    const sections = [
      section('Source', source),
      section('Path', flowPath(flow)),
      findings.length > 0 ? section(plural(findings.length, 'Finding'), h('ul', { class: 'plain-list' }, ...findings.map(findingItem))) : null,
    ];
    this.element.append(...sections.filter((s): s is HTMLElement => s !== null));
  }
}
