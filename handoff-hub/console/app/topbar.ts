import { askForNotifications, notificationState } from './alerts.ts';
import { button, h } from './dom.ts';
import type { ConnectionStatus } from './hub-client.ts';
import { type Account, oversees, type Presence } from './types.ts';

export type Page = 'conversations' | 'floor';

export interface TopBarActions {
  presence(presence: Presence): void;
  page(page: Page): void;
  signOut(): void;
}

const CHOICES: readonly { value: Presence; label: string }[] = [
  { value: 'available', label: 'Available' },
  { value: 'busy', label: 'Busy' },
  { value: 'away', label: 'Away' },
];

const CONNECTION_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Reconnecting…',
  'signed-out': 'Signed out',
};

/** The header: presence switch, capacity, connection, desktop alerts, the supervisor's page switch, sign-out. */
export class TopBar {
  readonly element: HTMLElement;
  readonly #radios = new Map<Presence, HTMLInputElement>();
  readonly #meter = h('meter', { min: 0, max: 1, value: 0, 'aria-hidden': 'true' });
  readonly #load = h('span', { class: 'load-text' });
  readonly #capacity = h('div', { class: 'capacity', role: 'group', 'aria-label': 'Chats' }, h('span', { class: 'label' }, 'Chats'), this.#meter, this.#load);
  readonly #connection = h('span', { class: 'connection', role: 'status', 'data-status': 'connecting' }, CONNECTION_TEXT.connecting);
  readonly #alerts = h('button', { type: 'button', class: 'quiet' });
  readonly #pages = new Map<Page, HTMLButtonElement>();

  constructor(account: Account, actions: TopBarActions) {
    const presence = h('fieldset', { class: 'presence' }, h('legend', { class: 'sr-only' }, 'My status'));
    for (const choice of CHOICES) {
      const input = h('input', { type: 'radio', name: 'presence', value: choice.value, id: `presence-${choice.value}` });
      input.addEventListener('change', () => input.checked && actions.presence(choice.value));
      this.#radios.set(choice.value, input);
      presence.append(h('label', { for: input.id, class: `presence-${choice.value}` }, input, h('span', { class: 'dot', 'aria-hidden': 'true' }), choice.label));
    }
    const nav = h('nav', { class: 'pages', 'aria-label': 'Console pages' });
    if (oversees(account)) {
      for (const [page, label] of [['conversations', 'My conversations'], ['floor', 'Floor']] as const) {
        const b = button(label, () => actions.page(page), { 'aria-pressed': 'false' });
        this.#pages.set(page, b);
        nav.append(b);
      }
    }
    this.#alerts.addEventListener('click', () => void askForNotifications().then(() => this.#showAlerts()));
    this.#showAlerts();
    this.element = h(
      'header',
      { class: 'topbar' },
      h('h1', { class: 'brand' }, 'Support Hub', h('span', { class: 'sr-only' }, ' console')),
      presence,
      this.#capacity,
      nav,
      h('span', { class: 'spacer' }),
      this.#connection,
      this.#alerts,
      h('span', { class: 'me' }, h('span', { class: 'me-name' }, account.displayName), h('span', { class: 'role' }, account.role)),
      button('Sign out', () => actions.signOut(), { class: 'quiet' }),
    );
  }

  setPresence(presence: Presence): void {
    for (const [value, input] of this.#radios) input.checked = value === presence;
  }

  /** Chats held (active and in wrap-up) against the account's capacity. */
  setLoad(active: number, capacity: number): void {
    this.#meter.max = Math.max(1, capacity);
    this.#meter.value = Math.min(active, capacity);
    this.#load.textContent = `${active} / ${capacity}`;
    this.#capacity.setAttribute('aria-label', `Chats: ${active} of ${capacity}`);
    this.#capacity.dataset.full = String(active >= capacity);
  }

  setConnection(status: ConnectionStatus): void {
    this.#connection.textContent = CONNECTION_TEXT[status];
    this.#connection.dataset.status = status;
  }

  setPage(page: Page): void {
    for (const [p, b] of this.#pages) b.setAttribute('aria-pressed', String(p === page));
  }

  #showAlerts(): void {
    const state = notificationState();
    this.#alerts.hidden = state === 'unsupported';
    this.#alerts.disabled = state !== 'default';
    this.#alerts.textContent = state === 'granted' ? 'Desktop alerts on' : state === 'denied' ? 'Desktop alerts blocked' : 'Enable desktop alerts';
  }
}
