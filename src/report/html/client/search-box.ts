/**
 * The search combobox (WAI-ARIA combobox with a listbox popup): type to list matching assets and columns,
 * ArrowDown/ArrowUp to move, Enter to open the highlighted one in the graph, Escape to close, `/` anywhere to jump
 * here. Each rendering of the results sets the `lineage:search-rendered` performance mark (used to measure).
 */
import { byId, clear, h, plural } from './dom.js';
import { search, type SearchEntry, type SearchIndex } from './search.js';

export class SearchBox {
  private readonly input = byId<HTMLInputElement>('search-input');
  private readonly list = byId<HTMLUListElement>('search-list');
  private readonly status = byId('search-status');
  private results: SearchEntry[] = [];
  private active = -1;

  constructor(private readonly index: SearchIndex, private readonly choose: (entry: SearchEntry) => void) {
    this.input.addEventListener('input', () => this.update());
    this.input.addEventListener('keydown', (event) => this.onKey(event));
    this.input.addEventListener('focus', () => { if (this.input.value.trim() !== '') this.update(); });
    this.input.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    document.addEventListener('keydown', (event) => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !target.isContentEditable) {
        event.preventDefault();
        this.input.focus();
        this.input.select();
      }
    });
  }

  private update(): void {
    const { results, total } = search(this.index, this.input.value);
    this.results = results;
    this.active = results.length > 0 ? 0 : -1;
    clear(this.list);
    results.forEach((entry, i) => {
      const option = h('li', {
        id: `search-option-${i}`, role: 'option', 'aria-selected': i === this.active ? 'true' : 'false', class: 'option',
        'data-label': entry.label,
      }, h('span', { class: 'option-label' }, entry.label), h('span', { class: `option-kind kind-${entry.kind}` }, entry.kind));
      option.addEventListener('mousedown', (event) => event.preventDefault());
      option.addEventListener('click', () => this.pick(i));
      this.list.appendChild(option);
    });
    if (this.input.value.trim() !== '' && results.length === 0) this.list.appendChild(h('li', { class: 'option empty', role: 'option', 'aria-disabled': 'true', 'aria-selected': 'false' }, 'No asset or column matches'));
    const open = this.input.value.trim() !== '';
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    this.syncActive();
    this.status.textContent = open ? (total > results.length ? `${plural(total, 'match', 'matches')}, showing the first ${results.length}` : plural(total, 'match', 'matches')) : '';
    performance.mark('lineage:search-rendered');
  }

  private syncActive(): void {
    [...this.list.children].forEach((child, i) => child.setAttribute('aria-selected', i === this.active ? 'true' : 'false'));
    if (this.active >= 0) {
      this.input.setAttribute('aria-activedescendant', `search-option-${this.active}`);
      this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (this.list.hidden) this.update();
      if (this.results.length === 0) return;
      const delta = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + delta + this.results.length) % this.results.length;
      this.syncActive();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (this.active >= 0) this.pick(this.active);
    } else if (event.key === 'Escape') {
      if (!this.list.hidden) {
        event.preventDefault();
        this.close();
      }
    }
  }

  private pick(i: number): void {
    const entry = this.results[i];
    if (!entry) return;
    this.input.value = entry.label;
    this.close();
    this.choose(entry);
  }

  private close(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}
