/**
 * The graph explorer: controls (levels up and down, column level, sensitive paths, zoom), the graph and the
 * details panel, and the state that ties them. `show()` is how search results and findings open the graph.
 */
import { DetailsPanel } from './details.js';
import { h, plural } from './dom.js';
import { GraphView } from './graph-view.js';
import { columnLabel, displayName, type Model } from './model.js';
import { ALL_LEVELS, MAX_VIEW_NODES, buildView, highlights, type Focus, type ViewNode, type ViewState } from './subgraph.js';

export interface ShowOptions {
  up?: number;
  down?: number;
  /** Node to select (an asset id, or `flow:<id>` for a sink). */
  select?: string;
}

const levelText = (n: number) => (n >= ALL_LEVELS ? 'all' : String(n));

export class Explorer {
  readonly element: HTMLElement;
  private state: ViewState | undefined;
  private selected: { key: string; column?: string } | undefined;
  private highlightSensitive = true;
  private readonly graph: GraphView;
  private readonly details: DetailsPanel;
  private readonly focusLabel = h('strong', { class: 'focus-label', id: 'explorer-focus' });
  private readonly upValue = h('output', { class: 'level', 'aria-live': 'polite', id: 'up-levels' });
  private readonly downValue = h('output', { class: 'level', 'aria-live': 'polite', id: 'down-levels' });
  private readonly columnsBox = h('input', { type: 'checkbox', id: 'column-level' });
  private readonly sensitiveBox = h('input', { type: 'checkbox', id: 'sensitive-paths', checked: true });
  private readonly status = h('p', { class: 'view-status', role: 'status', 'aria-live': 'polite' });
  private readonly empty = h('div', { class: 'empty-state' },
    h('p', {}, 'Search an asset or a column above (press / to jump to the search box), or pick a finding, to draw its lineage here.'));

  constructor(private readonly model: Model) {
    this.graph = new GraphView(model, {
      select: (node, column) => this.select(node, column),
      refocus: (node, column) => node.asset && this.show({ asset: node.asset, ...(column ? { column } : {}) }),
    });
    this.details = new DetailsPanel(model, { go: (asset, column) => this.show({ asset, ...(column ? { column } : {}) }) });
    this.details.showEmpty('Select a node to see its evidence: where it is defined, the jobs and SQL that build it, and what it feeds.');
    this.columnsBox.addEventListener('change', () => this.update({ columns: this.columnsBox.checked }));
    this.sensitiveBox.addEventListener('change', () => {
      this.highlightSensitive = this.sensitiveBox.checked;
      this.redraw();
    });
    const stepper = (label: string, output: HTMLElement, change: (delta: number) => void) => h('div', { class: 'stepper', role: 'group', 'aria-label': `${label} levels` },
      h('span', { class: 'stepper-label', 'aria-hidden': 'true' }, label),
      h('button', { type: 'button', class: 'button icon', 'aria-label': `Fewer ${label.toLowerCase()} levels`, onclick: () => change(-1) }, '−'),
      output,
      h('button', { type: 'button', class: 'button icon', 'aria-label': `More ${label.toLowerCase()} levels`, onclick: () => change(1) }, '+'),
      h('button', { type: 'button', class: 'button small', 'aria-label': `All ${label.toLowerCase()} levels`, onclick: () => change(ALL_LEVELS) }, 'all'));
    const toolbar = h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Graph controls' },
      h('div', { class: 'focus' }, h('span', { class: 'muted' }, 'Focus '), this.focusLabel),
      stepper('Upstream', this.upValue, (d) => this.step('up', d)),
      stepper('Downstream', this.downValue, (d) => this.step('down', d)),
      h('label', { class: 'toggle' }, this.columnsBox, ' Column level'),
      h('label', { class: 'toggle' }, this.sensitiveBox, ' Highlight sensitive paths'),
      h('div', { class: 'zoom', role: 'group', 'aria-label': 'Zoom' },
        h('button', { type: 'button', class: 'button icon', 'aria-label': 'Zoom out', onclick: () => this.graph.zoomBy(0.8) }, '−'),
        h('button', { type: 'button', class: 'button small', onclick: () => this.graph.fit() }, 'Fit'),
        h('button', { type: 'button', class: 'button icon', 'aria-label': 'Zoom in', onclick: () => this.graph.zoomBy(1.25) }, '+')));
    const canvas = h('div', { class: 'canvas' }, this.empty, this.graph.element);
    this.element = h('div', { class: 'explorer' },
      toolbar, this.status,
      h('div', { class: 'explorer-body' }, canvas, this.details.element),
      h('p', { class: 'legend', id: 'graph-keys' },
        h('span', { class: 'key key-focus' }, 'focus'), h('span', { class: 'key key-sensitive' }, 'sensitive data'),
        h('span', { class: 'key key-violation' }, 'policy violation'), h('span', { class: 'key key-indirect' }, 'indirect or table-level only'),
        h('span', { class: 'muted' }, 'Keys in the graph: arrows move along edges and columns, Enter shows details, F centres on the node, Home returns to the focus, + and − zoom, 0 fits. Drag to pan, wheel to zoom, double-click to centre.')));
    this.graph.element.style.display = 'none';
  }

  get current(): ViewState | undefined {
    return this.state;
  }

  show(focus: Focus, options: ShowOptions = {}): void {
    const previous = this.state;
    this.state = {
      focus,
      up: options.up ?? previous?.up ?? 1,
      down: options.down ?? previous?.down ?? 1,
      columns: focus.column !== undefined ? true : (previous?.columns ?? false),
    };
    this.selected = { key: options.select ?? focus.asset, ...(options.select === undefined && focus.column ? { column: focus.column } : {}) };
    this.redraw();
  }

  private update(change: Partial<ViewState>): void {
    if (!this.state) return;
    this.state = { ...this.state, ...change };
    this.redraw();
  }

  private step(which: 'up' | 'down', delta: number): void {
    if (!this.state) return;
    const value = delta === ALL_LEVELS ? ALL_LEVELS : Math.max(0, Math.min(ALL_LEVELS, (this.state[which] >= ALL_LEVELS ? 6 : this.state[which]) + delta));
    this.update({ [which]: value });
  }

  private select(node: ViewNode, column?: string): void {
    this.selected = { key: node.key, ...(column ? { column } : {}) };
    this.graph.markSelected(node.key);
    this.showDetails();
  }

  private showDetails(): void {
    const selected = this.selected;
    if (!selected) return;
    if (selected.key.startsWith('flow:')) this.details.showFlow(selected.key.slice(5));
    else this.details.showAsset(selected.key, selected.column);
  }

  private redraw(): void {
    const state = this.state;
    if (!state) return;
    const started = performance.now();
    const view = buildView(this.model, state);
    const marks = highlights(this.model, view);
    this.empty.style.display = 'none';
    this.graph.element.style.display = '';
    this.graph.render(view, marks, this.selected?.key, this.highlightSensitive);
    this.focusLabel.textContent = columnLabel(state.focus.asset, state.focus.column);
    this.upValue.textContent = levelText(state.up);
    this.downValue.textContent = levelText(state.down);
    this.columnsBox.checked = state.columns;
    const assets = view.nodes.filter((n) => n.type === 'asset').length;
    const sinks = view.nodes.length - assets;
    const violations = view.nodes.filter((n) => marks.violations.has(n.key)).length;
    this.status.textContent = [
      `${plural(assets, 'asset')}${sinks > 0 ? ` and ${plural(sinks, 'sink')}` : ''} around ${displayName(state.focus.asset)}${state.focus.column ? `.${state.focus.column}` : ''}`,
      violations > 0 ? plural(violations, 'policy violation') : '',
      view.truncated ? `limited to ${MAX_VIEW_NODES} assets: lower the levels or centre on a node to see the rest` : '',
      `drawn in ${Math.round(performance.now() - started)} ms`,
    ].filter(Boolean).join(' · ');
    this.status.classList.toggle('warning', view.truncated);
    this.showDetails();
  }
}
