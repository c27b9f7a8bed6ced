/** The report's sections as a WAI-ARIA tab list: click or Enter to open, Left/Right/Home/End to move between tabs. */
export class Tabs {
  private readonly tabs: HTMLButtonElement[];
  private readonly listeners: Array<(id: string) => void> = [];

  constructor(list: HTMLElement) {
    this.tabs = [...list.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    for (const tab of this.tabs) {
      tab.addEventListener('click', () => this.open(tab.id));
      tab.addEventListener('keydown', (event) => {
        const i = this.tabs.indexOf(tab);
        const next = event.key === 'ArrowRight' ? i + 1 : event.key === 'ArrowLeft' ? i - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? this.tabs.length - 1 : null;
        if (next === null) return;
        event.preventDefault();
        const target = this.tabs[(next + this.tabs.length) % this.tabs.length]!;
        this.open(target.id);
        target.focus();
      });
    }
  }

  onOpen(listener: (id: string) => void): void {
    this.listeners.push(listener);
  }

  open(id: string): void {
    for (const tab of this.tabs) {
      const selected = tab.id === id;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    for (const listener of this.listeners) listener(id);
  }
}
