import { h } from './dom.ts';
import { moodOf } from './format.ts';
import { reasonText } from './reasons.ts';
import type { ConversationSummary } from './types.ts';

export interface ListedConversation {
  readonly summary: ConversationSummary;
  readonly unread: number;
  readonly customerTyping: boolean;
}

const STATE_TEXT: Record<string, string> = { active: 'Live', 'wrap-up': 'Wrap-up', offered: 'Offered', queued: 'Waiting', closed: 'Closed', bot: 'With the bot' };

/** "My conversations": the rep's live chats and those in wrap-up, with unread counts; one of them is open. */
export class ConversationList {
  readonly element: HTMLElement;
  readonly #list = h('ul', { class: 'conversation-list', role: 'list' });
  readonly #empty = h('p', { class: 'muted empty' }, 'No conversations yet. New ones are offered here when you are available.');
  readonly #buttons = new Map<string, HTMLButtonElement>();

  constructor(private readonly open: (conversationId: string) => void) {
    this.element = h('section', { class: 'mine', 'aria-labelledby': 'mine-title' }, h('h2', { id: 'mine-title', class: 'section-title' }, 'My conversations'), this.#list, this.#empty);
  }

  render(items: readonly ListedConversation[], selected: string | null): void {
    const focused = [...this.#buttons.entries()].find(([, b]) => b === document.activeElement)?.[0];
    this.#buttons.clear();
    this.#list.replaceChildren(...items.map((item) => this.#row(item, item.summary.id === selected)));
    this.#empty.hidden = items.length > 0;
    if (focused) this.#buttons.get(focused)?.focus();
  }

  #row({ summary: s, unread, customerTyping }: ListedConversation, selected: boolean): HTMLElement {
    const name = s.customerName ?? 'Customer';
    const mood = moodOf(s.sentimentTrend);
    const b = h(
      'button',
      { type: 'button', class: 'conversation-item', 'aria-current': selected ? 'true' : undefined, 'data-conversation': s.id },
      h('span', { class: 'item-top' }, h('span', { class: 'item-name' }, name), h('span', { class: `state state-${s.state}` }, STATE_TEXT[s.state] ?? s.state)),
      h('span', { class: 'item-reason' }, customerTyping ? 'Typing…' : reasonText(s.reason)),
      h('span', { class: `mood mood-${mood}` }, `Sentiment: ${mood}`),
      unread > 0 ? h('span', { class: 'unread', 'aria-label': `${unread} unread` }, String(unread)) : null,
    );
    b.addEventListener('click', () => this.open(s.id));
    this.#buttons.set(s.id, b);
    return h('li', {}, b);
  }
}
