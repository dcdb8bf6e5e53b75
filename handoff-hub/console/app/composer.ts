import { button, h } from './dom.ts';
import type { CannedResponse } from './types.ts';

export interface ComposerActions {
  send(text: string, internal: boolean): void;
  /** Called on input; the caller throttles what goes to the hub. */
  typing(): void;
  /** A canned response's text with the names filled in. */
  fill(response: CannedResponse): string;
}

/**
 * Writing to the customer (or an internal note for staff): Enter sends, Shift+Enter starts a new line; canned
 * responses come from a menu and are filled in, never sent unseen.
 */
export class Composer {
  readonly element: HTMLFormElement;
  readonly input = h('textarea', { id: 'composer-input', rows: 3, maxlength: 4000, placeholder: 'Write to the customer…', 'aria-label': 'Message to the customer' });
  readonly #internal = h('input', { type: 'checkbox', id: 'composer-internal' });
  readonly #menuButton = h('button', { type: 'button', class: 'quiet', 'aria-expanded': 'false', 'aria-controls': 'canned-menu' }, 'Canned responses');
  readonly #menu = h('ul', { id: 'canned-menu', class: 'canned-menu', role: 'list', 'aria-label': 'Canned responses', hidden: true });
  readonly #note = h('p', { class: 'composer-note', role: 'status' });
  #chatOpen = true;

  constructor(private readonly actions: ComposerActions) {
    const send = h('button', { type: 'submit', class: 'primary' }, 'Send');
    this.element = h(
      'form',
      { class: 'composer', 'aria-label': 'Reply' },
      this.input,
      h(
        'div',
        { class: 'composer-bar' },
        h('span', { class: 'canned' }, this.#menuButton, this.#menu),
        h('label', { class: 'internal-toggle', for: 'composer-internal' }, this.#internal, 'Internal note (staff only)'),
        h('span', { class: 'spacer' }),
        send,
      ),
      this.#note,
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#submit();
      }
    });
    this.input.addEventListener('input', () => {
      if (!this.#internal.checked && this.input.value.trim()) actions.typing();
    });
    this.#internal.addEventListener('change', () => this.#mode());
    this.#menuButton.addEventListener('click', () => this.#toggleMenu(this.#menuButton.getAttribute('aria-expanded') !== 'true'));
    this.#menu.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        this.#toggleMenu(false);
        this.#menuButton.focus();
      }
    });
  }

  setCanned(responses: readonly CannedResponse[]): void {
    this.#menu.replaceChildren(
      ...responses.map((r) => h('li', {}, button(r.title, () => this.#insertCanned(r), { class: 'menu-item', title: r.text }))),
    );
    this.#menuButton.hidden = responses.length === 0;
  }

  /** A live chat takes messages; otherwise (wrap-up) only internal notes can be added. */
  setChatOpen(open: boolean): void {
    this.#chatOpen = open;
    if (!open) this.#internal.checked = true;
    this.#internal.disabled = !open;
    this.#mode();
  }

  /** Puts text at the cursor (a knowledge passage with its citation, a canned response) for the rep to edit. */
  insert(text: string): void {
    const { selectionStart: start, selectionEnd: end, value } = this.input;
    const before = value.slice(0, start);
    const glue = before && !/\s$/.test(before) ? ' ' : '';
    this.input.value = `${before}${glue}${text}${value.slice(end)}`;
    const cursor = before.length + glue.length + text.length;
    this.input.setSelectionRange(cursor, cursor);
    this.input.focus();
  }

  /** Starts afresh for another conversation, with its unsent draft if the rep left one there. */
  reset(draft = ''): void {
    this.input.value = draft;
    this.#internal.checked = false; // a note meant for one chat never turns the next one's messages internal
    this.#mode();
    this.#toggleMenu(false);
  }

  #submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.actions.send(text, this.#internal.checked);
    this.input.value = '';
    this.input.focus();
  }

  #insertCanned(response: CannedResponse): void {
    this.#toggleMenu(false);
    this.insert(this.actions.fill(response));
  }

  #toggleMenu(open: boolean): void {
    this.#menu.hidden = !open;
    this.#menuButton.setAttribute('aria-expanded', String(open));
    if (open) this.#menu.querySelector('button')?.focus();
  }

  #mode(): void {
    const internal = this.#internal.checked;
    this.element.dataset.internal = String(internal);
    this.input.setAttribute('aria-label', internal ? 'Internal note for staff' : 'Message to the customer');
    this.input.placeholder = internal ? 'Write an internal note (the customer never sees it)…' : 'Write to the customer…';
    this.#note.textContent = this.#chatOpen ? '' : 'The chat has ended: you can add internal notes.';
  }
}
