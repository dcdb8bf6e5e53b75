import { botText, button, h } from './dom.ts';
import { clock } from './format.ts';
import type { Pending, Thread } from './thread.ts';
import type { ChatMessage } from './types.ts';

/**
 * The whole conversation, bot part included, as a log (aria-live: new messages are read out): customer, bot, rep,
 * system and internal-note messages each look different and say who wrote them. Rows are added as messages arrive,
 * never redrawn, so a screen reader hears each once; the rep's own messages show sending → sent → delivered.
 */
export class TranscriptView {
  readonly element = h('ol', { class: 'transcript', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation transcript', tabindex: 0 });
  readonly #rows = new Map<number, { row: HTMLElement; status: HTMLElement | null }>();
  readonly #pending = new Map<string, HTMLElement>();
  #threadId: string | null = null;

  constructor(private readonly o: { me: string; retry(clientId: string): void }) {}

  /** Brings the log up to date with the thread (a different thread starts afresh). */
  sync(thread: Thread): void {
    const stick = this.element.scrollHeight - this.element.scrollTop - this.element.clientHeight < 48;
    if (thread.id !== this.#threadId) {
      this.#threadId = thread.id;
      this.#rows.clear();
      this.#pending.clear();
      this.element.replaceChildren();
    }
    for (const message of thread.messages) {
      const known = this.#rows.get(message.seq);
      if (known) {
        if (known.status) known.status.textContent = deliveryText(thread, message);
        continue;
      }
      const status = message.from.kind === 'rep' && !message.internal && message.from.id === this.o.me ? h('span', { class: 'delivery' }, deliveryText(thread, message)) : null;
      const row = this.#row(message, status);
      this.#rows.set(message.seq, { row, status });
      this.#insert(row, message.seq);
    }
    this.#syncPending(thread);
    if (stick || thread.pending.size > 0) this.element.scrollTop = this.element.scrollHeight;
  }

  #insert(row: HTMLElement, seq: number): void {
    row.dataset.seq = String(seq);
    const after = [...this.element.children].find((el) => el instanceof HTMLElement && (el.dataset.seq === undefined || Number(el.dataset.seq) > seq));
    this.element.insertBefore(row, after ?? null);
  }

  #syncPending(thread: Thread): void {
    for (const [clientId, row] of this.#pending) {
      if (!thread.pending.has(clientId)) {
        row.remove();
        this.#pending.delete(clientId);
      }
    }
    for (const p of thread.pending.values()) {
      const old = this.#pending.get(p.clientId);
      if (old?.dataset.status === p.status) continue;
      const row = this.#pendingRow(p);
      if (old) old.replaceWith(row);
      else this.element.append(row);
      this.#pending.set(p.clientId, row);
    }
  }

  #row(m: ChatMessage, status: HTMLElement | null): HTMLElement {
    const kind = m.internal ? 'internal' : m.from.kind;
    const label = m.internal ? `Internal note · ${m.from.name || 'System'}` : senderLabel(m);
    return h(
      'li',
      { class: `msg msg-${kind}`, 'data-kind': kind },
      h('div', { class: 'msg-meta' }, h('span', { class: 'msg-from' }, label), h('time', { datetime: m.at }, clock(m.at)), status),
      h('p', { class: 'msg-text' }, ...(m.from.kind === 'bot' ? botText(m.text) : [m.text])),
    );
  }

  #pendingRow(p: Pending): HTMLElement {
    const status = p.status === 'sending' ? h('span', { class: 'delivery' }, 'Sending…') : h('span', { class: 'delivery failed' }, `Not sent: ${p.error ?? 'error'}`);
    return h(
      'li',
      { class: `msg msg-${p.internal ? 'internal' : 'rep'} msg-pending`, 'data-status': p.status },
      h('div', { class: 'msg-meta' }, h('span', { class: 'msg-from' }, p.internal ? 'Internal note · You' : 'You'), status),
      h('p', { class: 'msg-text' }, p.text),
      p.status === 'failed' ? button('Retry', () => this.o.retry(p.clientId), { class: 'quiet small', 'aria-label': 'Retry sending this message' }) : null,
    );
  }
}

function senderLabel(m: ChatMessage): string {
  switch (m.from.kind) {
    case 'customer':
      return m.from.name && m.from.name.toLowerCase() !== 'customer' ? `${m.from.name} · Customer` : 'Customer';
    case 'bot':
      return `${m.from.name || 'Bot'} · Bot`;
    case 'rep':
      return `${m.from.name || 'Rep'} · Rep`;
    case 'system':
      return 'System';
  }
}

function deliveryText(thread: Thread, m: ChatMessage): string {
  const state = thread.delivery(m);
  return state === 'delivered' ? 'Delivered' : state === 'sent' ? 'Sent' : '';
}
