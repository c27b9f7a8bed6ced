/**
 * Light, dark or automatic (the system's `prefers-color-scheme`) colors: the toggle cycles through the three and
 * sets `data-theme` on the root element; the choice is remembered in localStorage when the browser allows it.
 */
const MODES = ['auto', 'light', 'dark'] as const;
type Mode = (typeof MODES)[number];
const KEY = 'lineage-report-theme';

function stored(): Mode {
  try {
    const value = localStorage.getItem(KEY);
    return (MODES as readonly string[]).includes(value ?? '') ? (value as Mode) : 'auto';
  } catch {
    return 'auto';
  }
}

function apply(button: HTMLElement, mode: Mode): void {
  if (mode === 'auto') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', mode);
  button.textContent = `Theme: ${mode}`;
  button.setAttribute('aria-label', `Color theme: ${mode}. Change theme`);
}

export function setUpTheme(button: HTMLElement): void {
  let mode = stored();
  apply(button, mode);
  button.addEventListener('click', () => {
    mode = MODES[(MODES.indexOf(mode) + 1) % MODES.length]!;
    apply(button, mode);
    try {
      localStorage.setItem(KEY, mode);
    } catch {
      // file:// pages in some browsers have no storage; the choice then lasts for this view only.
    }
  });
}
