/**
 * The findings list: level, rule and policy, message, where (with the code line when the report carries a
 * snippet), the path of the flow behind it, the fix hint, and a button that opens the graph on its source with the
 * sink highlighted. Filters by level and rule; long lists render in pages.
 */
import { flowPath } from './details.js';
import { byId, clear, h, plural, where } from './dom.js';
import { columnLabel, isViolation, type Model } from './model.js';
import type { Finding } from './types.js';

const PAGE = 200;

export interface FindingsEvents {
  showInGraph(asset: string, column: string | undefined, select: string | undefined): void;
}

/** The code of a snippet, whatever shape the producer gave it: a string, `{ text }`/`{ code }`, or lines. */
export function snippetText(snippet: unknown): string | undefined {
  if (typeof snippet === 'string') return snippet;
  if (Array.isArray(snippet)) return snippet.map((l) => (typeof l === 'string' ? l : typeof l?.text === 'string' ? l.text : '')).join('\n');
  if (snippet && typeof snippet === 'object') {
    const record = snippet as Record<string, unknown>;
    for (const key of ['text', 'code', 'source']) if (typeof record[key] === 'string') return record[key] as string;
    if (Array.isArray(record.lines)) return snippetText(record.lines);
  }
  return undefined;
}

export class FindingsList {
  private level = 'all';
  private rule = '';
  private shown = PAGE;
  private readonly list = h('ol', { class: 'findings', 'aria-label': 'Findings' });
  private readonly summary = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  private readonly ruleSelect = h('select', { id: 'finding-rule', 'aria-label': 'Rule' });
  private readonly levelButtons: HTMLButtonElement[] = [];

  constructor(private readonly model: Model, private readonly container: HTMLElement, private readonly events: FindingsEvents) {
    const findings = model.report.findings ?? [];
    byId('findings-count').textContent = findings.length > 0 ? String(findings.filter((f) => f.suppression === undefined).length) : '';
    const rules = [...new Set(findings.map((f) => f.ruleId))].sort();
    this.ruleSelect.append(h('option', { value: '' }, 'All rules'), ...rules.map((r) => h('option', { value: r }, r)));
    this.ruleSelect.addEventListener('change', () => this.filter(this.level, this.ruleSelect.value));
    const levels: Array<[string, string]> = [['all', 'All'], ['violation', 'Policy violations'], ['error', 'Errors'], ['warning', 'Warnings'], ['note', 'Notes'], ['suppressed', 'Suppressed']];
    const filters = h('div', { class: 'filters', role: 'group', 'aria-label': 'Filter findings' },
      ...levels.map(([value, label]) => {
        const button = h('button', { type: 'button', class: 'button filter', 'aria-pressed': value === this.level ? 'true' : 'false', 'data-level': value, onclick: () => this.filter(value, this.rule) }, label);
        this.levelButtons.push(button);
        return button;
      }),
      h('label', { class: 'select' }, h('span', { class: 'visually-hidden' }, 'Rule'), this.ruleSelect));
    container.append(h('h2', { class: 'panel-title' }, 'Findings'), filters, this.summary, this.list);
    this.render();
  }

  filter(level: string, rule: string): void {
    this.level = level;
    this.rule = rule;
    this.ruleSelect.value = rule;
    this.shown = PAGE;
    for (const button of this.levelButtons) button.setAttribute('aria-pressed', String(button.dataset.level === level));
    this.render();
  }

  private matches(f: Finding): boolean {
    if (this.rule !== '' && f.ruleId !== this.rule) return false;
    switch (this.level) {
      case 'all': return true;
      case 'violation': return isViolation(f);
      case 'suppressed': return f.suppression !== undefined;
      default: return f.suppression === undefined && f.level === this.level;
    }
  }

  private render(): void {
    const all = this.model.report.findings ?? [];
    const selected = all.filter((f) => this.matches(f));
    clear(this.list);
    this.summary.textContent = all.length === 0 ? 'No findings in this report.' : `${plural(selected.length, 'finding')} of ${all.length}`;
    for (const finding of selected.slice(0, this.shown)) this.list.appendChild(this.item(finding));
    if (selected.length > this.shown) {
      this.list.appendChild(h('li', { class: 'more-row' }, h('button', { type: 'button', class: 'button', onclick: () => { this.shown += PAGE; this.render(); } }, `Show ${Math.min(PAGE, selected.length - this.shown)} more`)));
    }
  }

  private target(finding: Finding): { asset: string; column?: string; select?: string } | undefined {
    const flow = finding.flow ? this.model.flows.get(finding.flow) : undefined;
    if (flow?.source.asset) return { asset: flow.source.asset, ...(flow.source.column ? { column: flow.source.column } : {}), select: `flow:${flow.id}` };
    if (finding.asset) return { asset: finding.asset };
    return undefined;
  }

  private item(finding: Finding): HTMLElement {
    const violation = isViolation(finding);
    const flow = finding.flow ? this.model.flows.get(finding.flow) : undefined;
    const target = this.target(finding);
    const code = snippetText(finding.snippet);
    const level = finding.suppression ? 'suppressed' : finding.level;
    return h('li', { class: `finding level-${level}${violation ? ' violation' : ''}` },
      h('div', { class: 'finding-head' },
        h('span', { class: `badge level-${level}` }, violation ? 'policy violation' : level),
        h('span', { class: 'rule' }, finding.ruleId), finding.policy ? h('span', { class: 'policy' }, finding.policy) : null,
        h('code', { class: 'where' }, where(finding.file, finding.line))),
      h('p', { class: 'finding-message' }, finding.message),
      code !== undefined ? h('pre', { class: 'snippet' }, h('code', {}, code)) : null,
      flow ? h('div', { class: 'finding-flow' },
        h('p', {}, h('strong', {}, 'Flow: '), flow.source.asset ? columnLabel(flow.source.asset, flow.source.column) : (flow.source.name ?? 'a value'),
          ` → ${flow.sink.kind} (${flow.sink.callee ?? ''})`), flowPath(flow)) : null,
      finding.hint ? h('p', { class: 'hint' }, h('strong', {}, 'How to fix: '), finding.hint) : null,
      finding.suppression ? h('p', { class: 'muted' }, `Suppressed (${finding.suppression.kind ?? 'manifest'}): ${finding.suppression.reason ?? ''}${finding.suppression.until ? `, until ${finding.suppression.until}` : ''}`) : null,
      target ? h('button', {
        type: 'button', class: 'button show-in-graph',
        'aria-label': `Show in graph: ${columnLabel(target.asset, target.column)}`,
        onclick: () => this.events.showInGraph(target.asset, target.column, target.select),
      }, 'Show in graph') : null);
  }

  focusFirst(): void {
    (this.container.querySelector('.filters button') as HTMLElement | null)?.focus();
  }
}
