/**
 * Draws a laid-out view as SVG: asset nodes (with column rows at column level), sink nodes, curved edges, with
 * pan (drag), zoom (wheel, buttons, + and -) and keyboard moves between nodes (roving tabindex: arrows follow
 * edges and columns, Enter shows details, F re-centres the graph on the node, Home returns to the focus).
 */
import { svg, plural } from './dom.js';
import { COLUMN_CHAR, HEADER_HEIGHT, NODE_PADDING, ROW_HEIGHT, SUBTITLE_CHAR, TITLE_CHAR, layoutView, nodeHeight, nodeWidth, rowOffset, type Box, type Layout } from './layout.js';
import { assetCategories, columnKey, displayName, flowViolations, type Model } from './model.js';
import type { Highlights, View, ViewNode } from './subgraph.js';

export interface GraphEvents {
  select(node: ViewNode, column?: string): void;
  refocus(node: ViewNode, column?: string): void;
}

interface Transform { x: number; y: number; k: number }

const MIN_ZOOM = 0.15;
const MAX_ZOOM = 2.5;

/** Text cut to what fits in `width` pixels at `charWidth` per character, with an ellipsis. */
function clip(text: string, width: number, charWidth: number): string {
  const max = Math.max(6, Math.floor((width - NODE_PADDING + 4) / charWidth));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A node's two lines: its name, and its kind, owner and marks (or, for a sink, where it is and whether it breaks a policy). */
export function nodeTitle(model: Model, node: ViewNode): { title: string; subtitle: string } {
  if (node.type === 'sink') {
    const flow = model.flows.get(node.flow!)!;
    const violation = flowViolations(model, node.flow!).length > 0;
    return {
      title: `${flow.sink.kind} sink: ${flow.sink.callee ?? ''}`.trim(),
      subtitle: [`${flow.sink.file ?? ''}:${flow.sink.line ?? ''}`, violation ? 'policy violation' : 'sensitive flow'].join(' · '),
    };
  }
  const asset = model.assets.get(node.asset!);
  const findings = model.findingsByAsset.get(node.asset!)?.length ?? 0;
  const parts = [asset?.kind ?? 'asset', asset?.annotation?.owner, assetCategories(model, node.asset!).length > 0 ? 'sensitive' : '', findings > 0 ? `⚠ ${findings}` : ''];
  return { title: displayName(node.asset!), subtitle: parts.filter(Boolean).join(' · ') };
}

/** What a screen reader announces for a node. */
function nodeLabel(model: Model, node: ViewNode, view: View, marks: Highlights): string {
  const { title, subtitle } = nodeTitle(model, node);
  const parts = [title, subtitle];
  if (node.key === view.state.focus.asset) parts.push('focus');
  if (node.type === 'sink') {
    const violations = flowViolations(model, node.flow!);
    if (violations.length > 0) parts.push(`breaks ${[...new Set(violations.map((f) => f.policy ?? f.ruleId))].join(', ')}`);
  } else {
    if (marks.sensitiveNodes.has(node.key)) parts.push('on a sensitive path');
    const findings = model.findingsByAsset.get(node.asset!)?.length ?? 0;
    if (findings > 0) parts.push(plural(findings, 'finding'));
    if (node.columns.length > 0) parts.push(`columns ${node.columns.join(', ')}`);
    if (node.hiddenUp > 0) parts.push(`${node.hiddenUp} more upstream not shown`);
    if (node.hiddenDown > 0) parts.push(`${node.hiddenDown} more downstream not shown`);
  }
  return parts.filter((p) => p !== '').join(', ');
}

function curve(x1: number, y1: number, x2: number, y2: number): string {
  const dx = Math.max(40, Math.abs(x2 - x1) / 2);
  return `M${x1.toFixed(1)},${y1.toFixed(1)} C${(x1 + dx).toFixed(1)},${y1.toFixed(1)} ${(x2 - dx).toFixed(1)},${y2.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

export class GraphView {
  readonly element: SVGSVGElement;
  private readonly viewport: SVGGElement;
  private transform: Transform = { x: 0, y: 0, k: 1 };
  private layout: Layout = { boxes: new Map(), width: 0, height: 0 };
  private view: View | undefined;
  private nodesByKey = new Map<string, ViewNode>();
  private elements = new Map<string, SVGGElement>();
  private current: string | undefined;

  constructor(private readonly model: Model, private readonly events: GraphEvents) {
    this.element = svg('svg', {
      class: 'graph', role: 'group', 'aria-roledescription': 'lineage graph', 'aria-describedby': 'graph-keys',
    }) as SVGSVGElement;
    this.element.appendChild(svg('defs', {},
      this.marker('arrow', 'edge-arrow'), this.marker('arrow-sensitive', 'edge-arrow sensitive'), this.marker('arrow-violation', 'edge-arrow violation')));
    this.viewport = svg('g', { class: 'viewport' }) as SVGGElement;
    this.element.appendChild(this.viewport);
    this.enablePanZoom();
    this.element.addEventListener('keydown', (event) => this.onKey(event));
  }

  private marker(id: string, className: string): SVGElement {
    return svg('marker', { id, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', class: className }));
  }

  render(view: View, marks: Highlights, selected: string | undefined, highlightSensitive: boolean): void {
    this.view = view;
    this.nodesByKey = new Map(view.nodes.map((n) => [n.key, n]));
    const sizes = new Map(view.nodes.map((node) => {
      const { title, subtitle } = nodeTitle(this.model, node);
      return [node.key, { width: nodeWidth(title, subtitle, node.columns), height: nodeHeight(node) }];
    }));
    this.layout = layoutView(view, sizes);
    while (this.viewport.firstChild) this.viewport.removeChild(this.viewport.firstChild);
    this.elements.clear();
    const edgeLayer = svg('g', { class: 'edges', 'aria-hidden': 'true' });
    const nodeLayer = svg('g', { class: 'nodes' });
    for (const edge of view.edges) {
      const from = this.layout.boxes.get(edge.from);
      const to = this.layout.boxes.get(edge.to);
      if (!from || !to) continue;
      const y1 = from.y + (edge.fromColumn ? rowOffset(this.nodesByKey.get(edge.from)!, edge.fromColumn) : HEADER_HEIGHT / 2);
      const y2 = to.y + (edge.toColumn ? rowOffset(this.nodesByKey.get(edge.to)!, edge.toColumn) : HEADER_HEIGHT / 2);
      const violation = marks.violations.has(edge.key);
      const sensitive = highlightSensitive && marks.sensitiveEdges.has(edge.key);
      const classes = ['edge', edge.level, edge.indirect ? 'indirect' : '', sensitive ? 'sensitive' : '', violation ? 'violation' : ''].filter(Boolean).join(' ');
      const path = svg('path', {
        class: classes, d: curve(from.x + from.width, y1, to.x - 2, y2), 'data-edge': edge.key,
        'marker-end': `url(#${violation ? 'arrow-violation' : sensitive ? 'arrow-sensitive' : 'arrow'})`,
      });
      if (edge.jobs.length > 0) {
        const jobs = edge.jobs.map((id) => this.model.jobs.get(id)).filter((j) => j !== undefined)
          .map((j) => `${j!.file ?? ''}:${j!.callLine ?? j!.line ?? ''} ${j!.operation ?? ''}`.trim());
        path.appendChild(svg('title', {}, jobs.join('\n')));
      }
      edgeLayer.appendChild(path);
    }
    for (const node of view.nodes) {
      const element = this.drawNode(node, this.layout.boxes.get(node.key)!, view, marks, highlightSensitive);
      if (node.key === selected) element.classList.add('selected');
      this.elements.set(node.key, element);
      nodeLayer.appendChild(element);
    }
    this.viewport.append(edgeLayer, nodeLayer);
    this.element.classList.toggle('column-level', view.state.columns);
    this.element.setAttribute('aria-label', `Lineage graph around ${displayName(view.state.focus.asset)}${view.state.focus.column ? `.${view.state.focus.column}` : ''}: ${plural(view.nodes.length, 'node')}`);
    this.setCurrent(selected && this.elements.has(selected) ? selected : view.state.focus.asset, false);
    this.fit();
  }

  private drawNode(node: ViewNode, box: Box, view: View, marks: Highlights, highlightSensitive: boolean): SVGGElement {
    const { title, subtitle } = nodeTitle(this.model, node);
    const focus = node.key === view.state.focus.asset;
    const findings = node.asset ? (this.model.findingsByAsset.get(node.asset)?.length ?? 0) : 0;
    const classes = ['node', node.type, focus ? 'focus' : '', highlightSensitive && marks.sensitiveNodes.has(node.key) ? 'sensitive' : '',
      marks.violations.has(node.key) ? 'violation' : '', findings > 0 ? 'has-findings' : ''];
    const group = svg('g', {
      class: classes.filter(Boolean).join(' '), transform: `translate(${box.x.toFixed(1)},${box.y.toFixed(1)})`,
      role: 'button', tabindex: '-1', 'data-key': node.key, 'aria-label': nodeLabel(this.model, node, view, marks),
    }) as SVGGElement;
    group.appendChild(svg('rect', { class: 'node-box', width: box.width, height: box.height, rx: node.type === 'sink' ? 14 : 8 }));
    if (node.type === 'asset') group.appendChild(svg('rect', { class: 'node-accent', width: 5, height: box.height, rx: 2 }));
    group.appendChild(svg('text', { class: 'node-title', x: 14, y: 20 }, clip(title, box.width, TITLE_CHAR)));
    group.appendChild(svg('text', { class: 'node-subtitle', x: 14, y: 37 }, clip(subtitle, box.width, SUBTITLE_CHAR)));
    if (node.hiddenUp > 0) group.appendChild(this.moreBadge(-10, `+${node.hiddenUp}`, `${node.hiddenUp} more upstream not shown`));
    if (node.hiddenDown > 0) group.appendChild(this.moreBadge(box.width + 10, `+${node.hiddenDown}`, `${node.hiddenDown} more downstream not shown`));
    node.columns.forEach((column, i) => {
      const y = HEADER_HEIGHT + i * ROW_HEIGHT;
      const focusRow = focus && view.state.focus.column === column;
      const sensitive = highlightSensitive && marks.sensitiveColumns.has(columnKey(node.asset!, column));
      const row = svg('g', { class: ['column-row', focusRow ? 'focus' : '', sensitive ? 'sensitive' : ''].filter(Boolean).join(' '), 'data-column': column });
      row.appendChild(svg('rect', { class: 'row-box', x: 6, y, width: box.width - 12, height: ROW_HEIGHT - 2, rx: 4 }));
      row.appendChild(svg('circle', { class: 'row-dot', cx: 16, cy: y + ROW_HEIGHT / 2 - 1, r: 3.5 }));
      row.appendChild(svg('text', { class: 'row-text', x: 26, y: y + ROW_HEIGHT / 2 + 3 }, clip(column, box.width - 14, COLUMN_CHAR)));
      group.appendChild(row);
    });
    const columnAt = (event: Event) => (event.target as Element).closest('[data-column]')?.getAttribute('data-column') ?? undefined;
    group.addEventListener('click', (event) => {
      this.setCurrent(node.key, true);
      this.events.select(node, columnAt(event));
    });
    group.addEventListener('dblclick', (event) => this.events.refocus(node, columnAt(event)));
    return group;
  }

  private moreBadge(cx: number, text: string, label: string): SVGElement {
    return svg('g', { class: 'more', transform: `translate(${cx},2)` },
      svg('title', {}, label), svg('rect', { x: -13, y: -9, width: 26, height: 18, rx: 9 }), svg('text', { x: 0, y: 4 }, text));
  }

  /** Marks a node as the one Tab reaches (roving tabindex), optionally moving keyboard focus to it. */
  setCurrent(key: string, focusIt: boolean): void {
    const element = this.elements.get(key);
    if (!element) return;
    if (this.current) this.elements.get(this.current)?.setAttribute('tabindex', '-1');
    this.current = key;
    element.setAttribute('tabindex', '0');
    if (focusIt) {
      element.focus({ preventScroll: true });
      this.reveal(key);
    }
  }

  markSelected(key: string | undefined): void {
    for (const [k, element] of this.elements) element.classList.toggle('selected', k === key);
  }

  /** The node an arrow key leads to: along edges (left, right), or the nearest in the same column (up, down). */
  private neighbour(key: string, direction: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'): string | undefined {
    const view = this.view!;
    const box = this.layout.boxes.get(key)!;
    const middle = (b: Box) => b.y + b.height / 2;
    let candidates: string[];
    if (direction === 'ArrowRight') candidates = view.edges.filter((e) => e.from === key).map((e) => e.to);
    else if (direction === 'ArrowLeft') candidates = view.edges.filter((e) => e.to === key).map((e) => e.from);
    else {
      const below = direction === 'ArrowDown';
      candidates = [...this.layout.boxes.entries()]
        .filter(([k, b]) => k !== key && Math.abs(b.x + b.width / 2 - (box.x + box.width / 2)) < Math.max(b.width, box.width) / 2
          && (below ? middle(b) > middle(box) : middle(b) < middle(box)))
        .map(([k]) => k);
    }
    const distance = (k: string) => Math.abs(middle(this.layout.boxes.get(k)!) - middle(box));
    return [...new Set(candidates)].filter((k) => this.layout.boxes.has(k)).sort((a, b) => distance(a) - distance(b))[0];
  }

  private onKey(event: KeyboardEvent): void {
    const key = (event.target as Element).closest('[data-key]')?.getAttribute('data-key') ?? this.current;
    const act = (action: () => unknown) => {
      event.preventDefault();
      action();
    };
    if (event.key === '+' || event.key === '=') return act(() => this.zoomBy(1.25));
    if (event.key === '-' || event.key === '_') return act(() => this.zoomBy(0.8));
    if (event.key === '0') return act(() => this.fit());
    if (!key || !this.view) return;
    const node = this.nodesByKey.get(key)!;
    switch (event.key) {
      case 'ArrowLeft': case 'ArrowRight': case 'ArrowUp': case 'ArrowDown': {
        const next = this.neighbour(key, event.key);
        return act(() => next && this.setCurrent(next, true));
      }
      case 'Home': return act(() => this.setCurrent(this.view!.state.focus.asset, true));
      case 'Enter': case ' ': return act(() => this.events.select(node));
      case 'f': case 'F': return act(() => this.events.refocus(node));
      default:
    }
  }

  private size(): { width: number; height: number } {
    return { width: this.element.clientWidth || 900, height: this.element.clientHeight || 560 };
  }

  private apply(): void {
    const { x, y, k } = this.transform;
    this.viewport.setAttribute('transform', `translate(${x.toFixed(1)},${y.toFixed(1)}) scale(${k.toFixed(3)})`);
  }

  fit(): void {
    const { width, height } = this.size();
    const k = Math.min(1.3, Math.max(MIN_ZOOM, Math.min(width / Math.max(1, this.layout.width), height / Math.max(1, this.layout.height))));
    this.transform = { k, x: (width - this.layout.width * k) / 2, y: (height - this.layout.height * k) / 2 };
    this.apply();
  }

  zoomBy(factor: number, cx?: number, cy?: number): void {
    const { width, height } = this.size();
    const px = cx ?? width / 2;
    const py = cy ?? height / 2;
    const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, this.transform.k * factor));
    const ratio = k / this.transform.k;
    this.transform = { k, x: px - (px - this.transform.x) * ratio, y: py - (py - this.transform.y) * ratio };
    this.apply();
  }

  /** Pans just enough to bring a node into view. */
  private reveal(key: string): void {
    const box = this.layout.boxes.get(key);
    if (!box) return;
    const { x, y, k } = this.transform;
    const { width, height } = this.size();
    const margin = 24;
    const left = box.x * k + x;
    const top = box.y * k + y;
    const right = left + box.width * k;
    const bottom = top + box.height * k;
    const dx = left < margin ? margin - left : right > width - margin ? width - margin - right : 0;
    const dy = top < margin ? margin - top : bottom > height - margin ? height - margin - bottom : 0;
    if (dx === 0 && dy === 0) return;
    this.transform = { k, x: x + dx, y: y + dy };
    this.apply();
  }

  private enablePanZoom(): void {
    let drag: { x: number; y: number; tx: number; ty: number } | undefined;
    this.element.addEventListener('pointerdown', (event) => {
      if ((event.target as Element).closest('.node') || event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, tx: this.transform.x, ty: this.transform.y };
      this.element.setPointerCapture(event.pointerId);
      this.element.classList.add('panning');
    });
    this.element.addEventListener('pointermove', (event) => {
      if (!drag) return;
      this.transform = { ...this.transform, x: drag.tx + event.clientX - drag.x, y: drag.ty + event.clientY - drag.y };
      this.apply();
    });
    const end = () => {
      drag = undefined;
      this.element.classList.remove('panning');
    };
    this.element.addEventListener('pointerup', end);
    this.element.addEventListener('pointercancel', end);
    this.element.addEventListener('wheel', (event) => {
      event.preventDefault();
      const rect = this.element.getBoundingClientRect();
      this.zoomBy(event.deltaY < 0 ? 1.12 : 1 / 1.12, event.clientX - rect.left, event.clientY - rect.top);
    }, { passive: false });
  }
}
