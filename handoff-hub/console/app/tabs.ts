import { h } from './dom.ts';

export interface Tab {
  readonly id: string;
  readonly label: string;
  readonly panel: HTMLElement;
  readonly onShow?: () => void;
}

/** An ARIA tablist: arrow keys, Home and End move between tabs (roving tabindex), each tab shows its panel. */
export class Tabs {
  readonly element: HTMLElement;
  readonly #tabs: HTMLButtonElement[] = [];

  constructor(
    label: string,
    private readonly items: readonly Tab[],
  ) {
    const list = h('div', { role: 'tablist', 'aria-label': label, class: 'tablist' });
    const panels = items.map((item) => {
      const tab = h('button', { type: 'button', role: 'tab', id: `tab-${item.id}`, 'aria-controls': `panel-${item.id}` }, item.label);
      tab.addEventListener('click', () => this.select(item.id));
      tab.addEventListener('keydown', (event) => this.#key(event));
      this.#tabs.push(tab);
      list.append(tab);
      return h('div', { role: 'tabpanel', id: `panel-${item.id}`, 'aria-labelledby': tab.id, tabindex: 0, class: 'tabpanel' }, item.panel);
    });
    this.element = h('div', { class: 'tabs' }, list, ...panels);
    this.select(items[0]!.id, false);
  }

  select(id: string, notify = true): void {
    this.items.forEach((item, i) => {
      const on = item.id === id;
      const tab = this.#tabs[i]!;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      (item.panel.parentElement ?? item.panel).hidden = !on;
      if (on && notify) item.onShow?.();
    });
  }

  #key(event: KeyboardEvent): void {
    const at = this.#tabs.indexOf(event.target as HTMLButtonElement);
    const n = this.#tabs.length;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: n - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = (to + n) % n;
    this.select(this.items[next]!.id);
    this.#tabs[next]!.focus();
  }
}
