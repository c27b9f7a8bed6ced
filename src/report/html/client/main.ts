/** Boots the page: reads the embedded report and page data, then builds the dashboard, findings, search and graph. */
import { renderDashboard } from './dashboard.js';
import { byId, h } from './dom.js';
import { Explorer } from './explorer.js';
import { FindingsList } from './findings.js';
import { buildModel, isViolation, type Model } from './model.js';
import { SearchBox } from './search-box.js';
import { buildSearchIndex } from './search.js';
import type { Focus } from './subgraph.js';
import { Tabs } from './tabs.js';
import { setUpTheme } from './theme.js';
import type { PageData, Report } from './types.js';

function embedded<T>(id: string): T {
  return JSON.parse(byId(id).textContent ?? 'null') as T;
}

/** Where the graph opens when nothing was chosen: the source of the first policy violation, else the busiest asset. */
function defaultFocus(model: Model): Focus | undefined {
  for (const finding of model.report.findings ?? []) {
    const flow = isViolation(finding) && finding.flow ? model.flows.get(finding.flow) : undefined;
    if (flow?.source.asset) return { asset: flow.source.asset, ...(flow.source.column ? { column: flow.source.column } : {}) };
  }
  let best: string | undefined;
  let degree = -1;
  for (const id of model.assetIds) {
    const d = (model.incoming.get(id)?.length ?? 0) + (model.outgoing.get(id)?.length ?? 0);
    if (d > degree) [best, degree] = [id, d];
  }
  return best === undefined ? undefined : { asset: best };
}

function boot(): void {
  const model = buildModel(embedded<Report>('lineage-report'), embedded<PageData>('lineage-page'));
  setUpTheme(byId('theme-toggle'));
  const tabs = new Tabs(document.querySelector<HTMLElement>('[role="tablist"]')!);
  const explorer = new Explorer(model);
  byId('panel-explorer').append(explorer.element);
  let opening = false;
  const open = (focus: Focus, select?: string) => {
    opening = true;
    tabs.open('tab-explorer');
    opening = false;
    explorer.show(focus, { ...(select ? { select, down: Math.max(1, explorer.current?.down ?? 1) } : {}) });
  };
  const findings = new FindingsList(model, byId('panel-findings'), {
    showInGraph: (asset, column, select) => open({ asset, ...(column ? { column } : {}) }, select),
  });
  renderDashboard(model, byId('panel-dashboard'), (rule) => {
    findings.filter('all', rule ?? '');
    tabs.open('tab-findings');
    findings.focusFirst();
  });
  new SearchBox(buildSearchIndex(model), (entry) => open({ asset: entry.asset, ...(entry.column ? { column: entry.column } : {}) }));
  tabs.onOpen((id) => {
    if (id !== 'tab-explorer' || explorer.current || opening) return;
    const start = defaultFocus(model);
    if (start) explorer.show(start);
  });
  document.documentElement.dataset.ready = 'true';
  performance.mark('lineage:ready');
}

try {
  boot();
} catch (error) {
  byId('main').prepend(h('p', { class: 'notice tone-bad', role: 'alert' }, `This report could not be displayed: ${error instanceof Error ? error.message : String(error)}`));
  throw error;
}
