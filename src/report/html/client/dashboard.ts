/**
 * The dashboard: coverage figures, parse health per language, activity per folder, findings by rule and level,
 * sensitive data, blind spots (gaps) and, given a baseline, drift. Every section tolerates a missing or empty part
 * of the report, and coverage fields this page does not know yet are still shown (as tables or figures).
 */
import { h, percent, plural, where } from './dom.js';
import { assetCategories, isViolation, type Model } from './model.js';
import type { Drift, DriftList } from './types.js';

type Tone = 'good' | 'warn' | 'bad' | 'neutral';

const KNOWN_COVERAGE = new Set(['files', 'sqlStatements', 'dynamicSql']);
const GAP_LIST_LIMIT = 100;
const LEVELS = ['error', 'warning', 'note'] as const;

const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const rateTone = (part: number, whole: number, good = 0.95, fair = 0.8): Tone => (whole <= 0 ? 'neutral' : part / whole >= good ? 'good' : part / whole >= fair ? 'warn' : 'bad');
const humanize = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase());

function card(label: string, value: string, detail: string, tone: Tone = 'neutral'): HTMLElement {
  return h('div', { class: `kpi tone-${tone}`, role: 'group', 'aria-label': `${label}: ${value}. ${detail}` },
    h('p', { class: 'kpi-label', 'aria-hidden': 'true' }, label),
    h('p', { class: 'kpi-value', 'aria-hidden': 'true' }, value),
    h('p', { class: 'kpi-detail', 'aria-hidden': 'true' }, detail));
}

function bar(part: number, whole: number, tone: Tone): HTMLElement {
  const width = whole > 0 ? Math.max(0, Math.min(100, (100 * part) / whole)) : 0;
  return h('span', { class: `bar tone-${tone}`, 'aria-hidden': 'true' }, h('span', { class: 'bar-fill', style: `width:${width.toFixed(1)}%` }));
}

function panel(title: string, id: string, ...content: Array<Node | null>): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...content.filter((c): c is Node => c !== null));
}

function table(caption: string, headers: string[], rows: Array<Array<Node | string>>, numeric: (column: number) => boolean = (c) => c > 0): HTMLElement {
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...headers.map((t, i) => h('th', { scope: 'col', class: numeric(i) ? 'num' : '' }, t)))),
    h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', { class: numeric(i) ? 'num' : '' }, cell))))))));
}

function kpis(model: Model): HTMLElement {
  const report = model.report;
  const coverage = report.coverage ?? {};
  const files = (coverage.files ?? {}) as Record<string, unknown>;
  const sql = (coverage.sqlStatements ?? {}) as Record<string, unknown>;
  const assets = report.assets ?? [];
  const sensitive = assets.filter((a) => assetCategories(model, a.id).length > 0);
  const annotated = sensitive.filter((a) => a.annotation);
  const withLineage = sensitive.filter((a) => (model.incoming.get(a.id)?.length ?? 0) + (model.outgoing.get(a.id)?.length ?? 0) > 0);
  const findings = report.findings ?? [];
  const open = findings.filter((f) => f.suppression === undefined);
  const violations = open.filter(isViolation);
  const gaps = report.gaps ?? [];
  const serious = gaps.filter((g) => g.severity === 'warning' || g.severity === 'error');
  const analysed = num(files.analysed);
  const statements = num(sql.total);
  return h('div', { class: 'kpis' },
    card('Files analysed', num(files.analysed).toLocaleString('en-US'), `of ${plural(num(files.discovered), 'file')} found; ${num(files.skipped)} skipped`, rateTone(analysed, num(files.discovered))),
    card('Parsed cleanly', percent(num(files.parsedCleanly), analysed), `${num(files.parsedCleanly)} of ${plural(analysed, 'file')}`, rateTone(num(files.parsedCleanly), analysed)),
    card('SQL understood', percent(num(sql.parsed), statements), `${num(sql.parsed)} of ${plural(statements, 'statement')}; ${num(sql.fallback)} by fallback, ${num(sql.unparsed)} unparsed; ${plural(num(coverage.dynamicSql), 'dynamic SQL call')}`, rateTone(num(sql.parsed), statements)),
    card('Assets', assets.length.toLocaleString('en-US'), `in the lineage graph, with ${plural((report.jobs ?? []).length, 'job')} and ${plural((report.edges ?? []).length, 'edge')}`),
    card('Sensitive', sensitive.length.toLocaleString('en-US'), sensitive.length > 0 ? `assets holding categorised data: ${percent(annotated.length, sensitive.length)} annotated in the manifest, ${percent(withLineage.length, sensitive.length)} with lineage` : 'no asset holds categorised data yet', sensitive.length > 0 ? rateTone(annotated.length, sensitive.length, 0.9, 0.6) : 'neutral'),
    card('Violations', violations.length.toLocaleString('en-US'), `${plural((report.flows ?? []).length, 'sensitive flow')}; ${plural(open.length, 'open finding')}, ${findings.length - open.length} suppressed`, violations.length > 0 ? 'bad' : open.length > 0 ? 'warn' : 'good'),
    card('Blind spots', gaps.length.toLocaleString('en-US'), `${plural(serious.length, 'warning or error', 'warnings or errors')}, ${gaps.length - serious.length} informational`, serious.length > 0 ? 'warn' : 'good'));
}

function languages(model: Model): HTMLElement {
  const entries = Object.entries(model.report.summary?.languages ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) return panel('Parse health by language', 'dash-languages', h('p', { class: 'muted' }, 'No source files were analysed.'));
  const rows = entries.map(([language, s]) => {
    const filesCount = num(s.files);
    const clean = filesCount - num(s.parseErrorFiles);
    const tone = rateTone(clean, filesCount);
    return [language, num(s.files).toLocaleString('en-US'), num(s.lines).toLocaleString('en-US'), num(s.parseErrorFiles).toLocaleString('en-US'),
      h('span', { class: 'bar-cell' }, bar(clean, filesCount, tone), h('span', { class: `tone-text tone-${tone}` }, percent(clean, filesCount)))];
  });
  return panel('Parse health by language', 'dash-languages', table('Parse health by language', ['Language', 'Files', 'Lines', 'Files with parse errors', 'Parsed cleanly'], rows));
}

const folderOf = (file: string | undefined) => (file && file.includes('/') ? file.slice(0, file.indexOf('/')) : '(top level)');

function folders(model: Model): HTMLElement | null {
  const report = model.report;
  const rows = new Map<string, { jobs: number; low: number; gaps: number; flows: number; findings: number }>();
  const row = (file: string | undefined) => {
    const key = folderOf(file);
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { jobs: 0, low: 0, gaps: 0, flows: 0, findings: 0 }));
    return r;
  };
  for (const job of report.jobs ?? []) {
    const r = row(job.file);
    r.jobs++;
    if (job.confidence === 'low') r.low++;
  }
  for (const gap of report.gaps ?? []) row(gap.file).gaps++;
  for (const flow of report.flows ?? []) row(flow.sink.file).flows++;
  for (const finding of report.findings ?? []) if (finding.suppression === undefined) row(finding.file).findings++;
  if (rows.size === 0) return null;
  const sorted = [...rows].sort(([a], [b]) => (a < b ? -1 : 1));
  return panel('By folder', 'dash-folders',
    h('p', { class: 'muted' }, 'What the scan found in each top-level folder: jobs (low confidence = tables found by the tolerant fallback), blind spots, flows and open findings.'),
    table('Figures by top-level folder', ['Folder', 'Jobs', 'Low confidence', 'Blind spots', 'Flows', 'Findings'],
      sorted.map(([name, r]) => [name, String(r.jobs), h('span', { class: r.low > 0 ? 'tone-text tone-warn' : '' }, String(r.low)), h('span', { class: r.gaps > 0 ? 'tone-text tone-warn' : '' }, String(r.gaps)), String(r.flows), h('span', { class: r.findings > 0 ? 'tone-text tone-bad' : '' }, String(r.findings))])));
}

/** Coverage fields added after this page was written: records of numeric records as tables, the rest as figures. */
function extraCoverage(model: Model): HTMLElement[] {
  const coverage = model.report.coverage ?? {};
  const out: HTMLElement[] = [];
  const figures: Array<[string, number]> = [];
  const leaves = (value: unknown, path: string) => {
    if (typeof value === 'number') figures.push([path, value]);
    else if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) leaves(v, `${path}.${k}`);
  };
  for (const key of Object.keys(coverage).sort()) {
    if (KNOWN_COVERAGE.has(key)) continue;
    const value = coverage[key];
    const records = value && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value as Record<string, unknown>) : [];
    if (records.length > 0 && records.every(([, v]) => v && typeof v === 'object' && !Array.isArray(v))) {
      const columns = [...new Set(records.flatMap(([, v]) => Object.entries(v as Record<string, unknown>).filter(([, x]) => typeof x === 'number').map(([k]) => k)))];
      if (columns.length > 0) {
        out.push(panel(humanize(key), `dash-coverage-${key}`, table(humanize(key), ['', ...columns.map(humanize)],
          records.sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, v]) => [name, ...columns.map((c) => formatFigure(c, (v as Record<string, unknown>)[c]))]))));
        continue;
      }
    }
    leaves(value, key);
  }
  if (figures.length > 0) {
    out.push(panel('Other coverage figures', 'dash-coverage-other', h('dl', { class: 'figures' },
      ...figures.flatMap(([name, value]) => [h('dt', {}, humanize(name)), h('dd', {}, formatFigure(name, value))]))));
  }
  return out;
}

function formatFigure(name: string, value: unknown): string {
  if (typeof value !== 'number') return '';
  if (/(ratio|rate|share)$/i.test(name) && value >= 0 && value <= 1) return percent(value, 1);
  if (/percent$/i.test(name)) return `${value.toFixed(1)}%`;
  return value.toLocaleString('en-US');
}

function findingsByRule(model: Model, openFindings: (rule?: string) => void): HTMLElement {
  const findings = model.report.findings ?? [];
  if (findings.length === 0) return panel('Findings by rule', 'dash-rules', h('p', { class: 'muted' }, 'No findings in this report.'));
  const rules = new Map<string, Record<string, number>>();
  for (const finding of findings) {
    const counts = rules.get(finding.ruleId) ?? { error: 0, warning: 0, note: 0, suppressed: 0 };
    if (finding.suppression !== undefined) counts.suppressed = (counts.suppressed ?? 0) + 1;
    else counts[finding.level] = (counts[finding.level] ?? 0) + 1;
    rules.set(finding.ruleId, counts);
  }
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  const sorted = [...rules].sort(([a, ca], [b, cb]) => total(cb) - total(ca) || (a < b ? -1 : 1));
  return panel('Findings by rule', 'dash-rules', table('Findings by rule and level', ['Rule', 'Errors', 'Warnings', 'Notes', 'Suppressed', ''],
    sorted.map(([rule, c]) => [rule,
      ...LEVELS.map((level) => h('span', { class: (c[level] ?? 0) > 0 ? `count level-${level}` : 'muted' }, String(c[level] ?? 0))),
      String(c.suppressed ?? 0),
      h('button', { type: 'button', class: 'link', onclick: () => openFindings(rule) }, 'list')]), (i) => i > 0 && i < 5));
}

function sensitiveData(model: Model): HTMLElement | null {
  const byCategory = new Map<string, { assets: number; flows: number }>();
  const entry = (category: string) => {
    let e = byCategory.get(category);
    if (!e) byCategory.set(category, (e = { assets: 0, flows: 0 }));
    return e;
  };
  for (const asset of model.report.assets ?? []) for (const c of assetCategories(model, asset.id)) entry(c).assets++;
  for (const flow of model.report.flows ?? []) for (const c of flow.categories ?? []) entry(c).flows++;
  if (byCategory.size === 0) return null;
  return panel('Sensitive data', 'dash-sensitive', table('Data categories', ['Category', 'Assets', 'Flows to sinks'],
    [...byCategory].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, e]) => [h('span', { class: 'chip sensitive' }, c), String(e.assets), String(e.flows)])));
}

function blindSpots(model: Model): HTMLElement {
  const gaps = model.report.gaps ?? [];
  if (gaps.length === 0) return panel('Blind spots', 'dash-gaps', h('p', { class: 'muted' }, 'None: every file and statement was analysed.'));
  const kinds = new Map<string, { count: number; severity: string }>();
  for (const gap of gaps) {
    const k = kinds.get(gap.kind) ?? { count: 0, severity: gap.severity ?? 'info' };
    k.count++;
    kinds.set(gap.kind, k);
  }
  const list = (items: typeof gaps) => h('ul', { class: 'gap-list' }, ...items.map((g) => h('li', {},
    h('span', { class: `badge severity-${g.severity ?? 'info'}` }, g.severity ?? 'info'), ' ',
    h('code', { class: 'where' }, where(g.file, g.line || undefined)), ' ', h('span', { class: 'gap-kind' }, g.kind), ' ', h('span', { class: 'muted' }, g.detail ?? ''))));
  const ordered = [...gaps].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
  return panel('Blind spots', 'dash-gaps',
    h('p', { class: 'muted' }, 'What the scan could not analyse, and why: lineage may be missing here.'),
    table('Blind spots by kind', ['Kind', 'Count', 'Severity'], [...kinds].sort(([, a], [, b]) => b.count - a.count).map(([kind, k]) => [kind, String(k.count), h('span', { class: `badge severity-${k.severity}` }, k.severity)]), (i) => i === 1),
    list(ordered.slice(0, GAP_LIST_LIMIT)),
    gaps.length > GAP_LIST_LIMIT ? h('details', {}, h('summary', {}, `All ${gaps.length} blind spots`), list(ordered.slice(GAP_LIST_LIMIT))) : null);
}

const severityRank = (s: string | undefined) => (s === 'error' ? 0 : s === 'warning' ? 1 : 2);

function driftList<T>(title: string, list: DriftList<T>, render: (item: T) => Node, tone: Tone): HTMLElement | null {
  if (list.count === 0) return null;
  return h('details', { class: `drift-list tone-${tone}` }, h('summary', {}, `${title} (${list.count})`),
    h('ul', {}, ...list.items.map((item) => h('li', {}, render(item)))),
    list.count > list.items.length ? h('p', { class: 'muted' }, `and ${list.count - list.items.length} more`) : null);
}

function drift(d: Drift): HTMLElement {
  const newViolations = d.findings.added.items.filter((f) => f.violation).length;
  const rows: Array<[string, number, number]> = [
    ['Assets', d.assets.added.count, d.assets.removed.count], ['Edges', d.edges.added.count, d.edges.removed.count],
    ['Sensitive flows', d.flows.added.count, d.flows.removed.count], ['Findings', d.findings.added.count, d.findings.removed.count],
  ];
  const code = (text: string) => h('code', {}, text);
  const edge = (e: { from: string; to: string }) => code(`${e.from} → ${e.to}`);
  const flow = (f: { source: string; sink: string; where: string }) => h('span', {}, code(f.source), ` → ${f.sink} at `, code(f.where));
  const finding = (f: { level: string; message: string; where: string; violation: boolean }) => h('span', {}, h('span', { class: `badge level-${f.level}` }, f.violation ? 'policy violation' : f.level), ` ${f.message} `, code(f.where));
  return panel(`Drift since ${d.baseline}`, 'dash-drift',
    newViolations > 0 ? h('p', { class: 'notice tone-bad' }, `${plural(newViolations, 'new policy violation')} since the baseline.`) : null,
    table('Added and removed since the baseline', ['', 'Added', 'Removed'], rows.map(([name, added, removed]) => [name,
      h('span', { class: added > 0 ? 'delta up' : 'muted' }, `+${added}`), h('span', { class: removed > 0 ? 'delta down' : 'muted' }, `−${removed}`)])),
    d.rates.length > 0 ? table('Coverage rates', ['Coverage', 'Baseline', 'Now'], d.rates.map((r) => [humanize(r.name),
      r.old === null ? '—' : percent(r.old, 1),
      h('span', { class: r.old !== null && (r.new === null || r.new < r.old) ? 'tone-text tone-bad' : 'tone-text tone-good' }, r.new === null ? '—' : percent(r.new, 1))])) : null,
    driftList('New findings', d.findings.added, finding, 'bad'), driftList('Resolved findings', d.findings.removed, finding, 'good'),
    driftList('New sensitive flows', d.flows.added, flow, 'bad'), driftList('Flows gone', d.flows.removed, flow, 'good'),
    driftList('New edges', d.edges.added, edge, 'neutral'), driftList('Removed edges', d.edges.removed, edge, 'neutral'),
    driftList('New assets', d.assets.added, code, 'neutral'), driftList('Removed assets', d.assets.removed, code, 'neutral'));
}

export function renderDashboard(model: Model, container: HTMLElement, openFindings: (rule?: string) => void): void {
  const drifted = model.page.drift ? drift(model.page.drift) : null;
  container.append(
    h('h2', { class: 'visually-hidden' }, 'Dashboard'),
    kpis(model),
    h('div', { class: 'grid' },
      drifted,
      findingsByRule(model, openFindings),
      languages(model),
      folders(model),
      sensitiveData(model),
      ...extraCoverage(model),
      blindSpots(model)));
}
