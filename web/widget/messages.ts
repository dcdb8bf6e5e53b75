/**
 * The message log: one row per transcript entry (updated in place by key), the typing line and the suggested
 * action buttons. Customer and rep text only ever goes in through text nodes; bot text through renderMarkdown.
 */
import { append, h, icon } from './dom.ts';
import { initialOf, type Rep } from './handoff.ts';
import { renderMarkdown } from './markdown.ts';
import type { Entry, Sender, Suggestion } from './transcript.ts';

export interface MessageActions {
  retry(key: string): void;
  pick(suggestion: Suggestion): void;
  rate(key: string, helpful: boolean): void;
}

/** Pixels from the bottom within which the log keeps following new messages. */
const FOLLOW_THRESHOLD = 80;

export class MessageList {
  readonly log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': 'Conversation', tabindex: '0' });
  /** The typing line, the suggestions and any footer stay the log's last children, so they scroll with the messages. */
  private readonly typing = h('div', { class: 'typing', hidden: true });
  private readonly suggestions = h('div', { class: 'suggestions', role: 'group', 'aria-label': 'Suggested replies', hidden: true });
  private readonly rows = new Map<string, HTMLElement>();
  private lastSender: string | null = null;

  constructor(private readonly actions: MessageActions) {
    append(this.log, this.typing, this.suggestions);
  }

  render(entry: Entry): void {
    const follow = this.isNearBottom() || entry.sender.kind === 'customer';
    const existing = this.rows.get(entry.key);
    const row = this.row(entry, existing ? existing.classList.contains('continued') : this.senderKey(entry.sender) === this.lastSender);
    if (existing) {
      existing.replaceWith(row);
    } else {
      this.log.insertBefore(row, this.typing);
      this.lastSender = this.senderKey(entry.sender);
    }
    this.rows.set(entry.key, row);
    if (follow) this.scrollToBottom();
  }

  /** A line between messages, e.g. when an expired chat was replaced by a new one. */
  notice(text: string): void {
    this.insert(h('p', { class: 'notice' }, text));
  }

  /** A line that is not a message: the next message shows its sender again. */
  private insert(element: HTMLElement): void {
    this.log.insertBefore(element, this.typing);
    this.lastSender = null;
    this.scrollToBottom();
  }

  /** A person from the team arrived: their avatar and the bot's words for it. */
  joined(entry: Entry, rep: Rep): void {
    const row = h(
      'div',
      { class: 'joined', 'data-key': entry.key },
      avatar(rep.name, 'large'),
      h('p', {}, entry.text, ' ', timeElement(entry.timestamp)),
    );
    this.insert(row);
  }

  /** A line across the log marking a part of the chat as over. */
  divider(text: string): void {
    this.insert(h('p', { class: 'divider' }, h('span', {}, text)));
  }

  /** Something shown after the suggestions (the leave-a-message form). */
  addFooter(element: HTMLElement): void {
    this.log.appendChild(element);
  }

  showTyping(name: string | null): void {
    const follow = this.isNearBottom();
    this.typing.replaceChildren();
    this.typing.hidden = name === null;
    if (name !== null) append(this.typing, h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), `${name} is typing…`);
    if (follow) this.scrollToBottom();
  }

  showSuggestions(suggestions: Suggestion[]): void {
    const follow = this.isNearBottom();
    this.suggestions.replaceChildren(
      ...suggestions.map((suggestion) => {
        const button = h('button', { type: 'button' }, suggestion.title);
        button.addEventListener('click', () => {
          this.showSuggestions([]);
          this.actions.pick(suggestion);
        });
        return button;
      }),
    );
    this.suggestions.hidden = suggestions.length === 0;
    if (follow) this.scrollToBottom();
  }

  scrollToBottom(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private row(entry: Entry, continued: boolean): HTMLElement {
    const kind = entry.sender.kind;
    const row = h('div', { class: `row ${kind}${continued ? ' continued' : ''}${entry.delivery === 'failed' ? ' failed' : ''}`, 'data-key': entry.key });
    if (!continued && entry.sender.kind !== 'customer') row.appendChild(senderLabel(entry.sender));
    const bubble = h('div', { class: 'bubble' }, h('span', { class: 'sr-only' }, `${speaker(entry.sender)}: `));
    bubble.appendChild(entry.markdown ? renderMarkdown(entry.text) : document.createTextNode(entry.text));
    append(row, bubble, this.meta(entry));
    return row;
  }

  private meta(entry: Entry): HTMLElement {
    const meta = h('div', { class: 'meta' }, timeElement(entry.timestamp));
    if (entry.rating) append(meta, this.rating(entry));
    if (entry.sender.kind !== 'customer') return meta;
    if (entry.delivery === 'failed') {
      const retry = h('button', { type: 'button', 'aria-label': 'Retry sending this message' }, 'Retry');
      retry.addEventListener('click', () => this.actions.retry(entry.key));
      append(meta, '·', h('span', { class: 'delivery', 'data-delivery': 'failed' }, 'Not sent'), retry);
    } else {
      append(meta, '·', h('span', { class: 'delivery', 'data-delivery': entry.delivery }, entry.delivery === 'sent' ? 'Sent' : 'Sending…'));
    }
    return meta;
  }

  /** Was this answer helpful? Two toggle buttons; the chosen one stays pressed. */
  private rating(entry: Entry): HTMLElement {
    const group = h('span', { class: 'rating', role: 'group', 'aria-label': 'Was this answer helpful?' });
    for (const helpful of [true, false]) {
      const chosen = entry.rating === (helpful ? 'helpful' : 'unhelpful');
      const button = h(
        'button',
        { type: 'button', class: 'rate', 'aria-pressed': String(chosen), 'aria-label': helpful ? 'Helpful' : 'Not helpful', title: helpful ? 'Helpful' : 'Not helpful' },
        icon(helpful ? 'thumbUp' : 'thumbDown', 14),
      );
      button.addEventListener('click', () => this.actions.rate(entry.key, helpful));
      group.appendChild(button);
    }
    if (entry.rating !== 'unrated') append(group, h('span', { class: 'thanks' }, 'Thanks for the feedback'));
    return group;
  }

  private senderKey(sender: Sender): string {
    return sender.kind === 'customer' ? 'customer' : `${sender.kind}:${sender.name}`;
  }

  private isNearBottom(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < FOLLOW_THRESHOLD;
  }
}

function senderLabel(sender: Exclude<Sender, { kind: 'customer' }>): HTMLElement {
  if (sender.kind === 'rep') return h('div', { class: 'sender' }, avatar(sender.name, 'small'), sender.name, h('span', { class: 'role' }, 'Live agent'));
  return h('div', { class: 'sender' }, icon('bot', 16), sender.name, h('span', { class: 'role' }, 'Bot'));
}

/** A person's initial in a circle; decorative, as their name is always written beside it. */
function avatar(name: string, size: 'small' | 'large'): HTMLElement {
  return h('span', { class: `rep-avatar ${size}`, 'aria-hidden': 'true' }, initialOf(name));
}

function speaker(sender: Sender): string {
  return sender.kind === 'customer' ? 'You' : sender.name;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** Short local time (with the date when not today); the full ISO timestamp in datetime and title. */
export function timeElement(iso: string, now = new Date()): HTMLTimeElement {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('time', {}, '');
  const sameDay = date.toDateString() === now.toDateString();
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, (sameDay ? timeFormat : dateTimeFormat).format(date));
}
