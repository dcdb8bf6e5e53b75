import type { ChatMessage } from '../../protocol.ts';
import type { ConversationDetail } from './types.ts';

/** A message the rep sent that the hub has not acknowledged yet (or refused): kept by its clientId for a retry. */
export interface Pending {
  readonly clientId: string;
  readonly text: string;
  readonly internal: boolean;
  status: 'sending' | 'failed';
  /** Why it failed, in the hub's words. */
  error?: string;
}

export type Added = 'new' | 'duplicate' | 'gap';

/**
 * One conversation as the console holds it: messages by their gap-free `seq` (so a message that arrives both from a
 * rejoin and live is kept once, and a skipped seq is noticed and fetched), the rep's unacknowledged sends, delivered
 * marks and what the rep has read. Pure data; the views draw it.
 */
export class Thread {
  readonly #messages = new Map<number, ChatMessage>();
  readonly pending = new Map<string, Pending>();
  /** Ids of the rep's messages the customer's channel took (`delivered`), and those sent from this page. */
  readonly #delivered = new Set<string>();
  readonly #sentHere = new Set<string>();
  #deliveredSeq = 0;
  detail: ConversationDetail | null = null;
  /** Highest seq held with nothing missing below it. */
  lastSeq = 0;
  lastReadSeq = 0;
  /** Whether the full history was loaded once (a join with afterSeq 0). */
  loaded = false;

  constructor(readonly id: string) {}

  /** Adds a message; `gap` says seqs before it are missing (the caller rejoins after `lastSeq`). */
  add(message: ChatMessage): Added {
    if (this.#messages.has(message.seq)) return 'duplicate';
    this.#messages.set(message.seq, message);
    // `delivered` can overtake the acknowledgement of the send it is about.
    if (this.#delivered.has(message.id)) this.#deliveredSeq = Math.max(this.#deliveredSeq, message.seq);
    // A live message of ours replaces its pending copy even before our acknowledgement arrives.
    for (const [clientId, p] of this.pending) {
      if (message.from.kind === 'rep' && p.text === message.text && p.internal === message.internal) {
        this.pending.delete(clientId);
        break;
      }
    }
    if (message.seq === this.lastSeq + 1) {
      while (this.#messages.has(this.lastSeq + 1)) this.lastSeq++;
      return 'new';
    }
    return message.seq > this.lastSeq ? 'gap' : 'new';
  }

  get messages(): ChatMessage[] {
    return [...this.#messages.values()].sort((a, b) => a.seq - b.seq);
  }

  get newestSeq(): number {
    return Math.max(0, ...this.#messages.keys());
  }

  /** Customer messages after what the rep has read. */
  get unread(): number {
    let count = 0;
    for (const m of this.#messages.values()) if (m.seq > this.lastReadSeq && m.from.kind === 'customer') count++;
    return count;
  }

  /** The hub delivers a conversation's messages in order, so one delivered means every earlier one was too. */
  markDelivered(messageId: string): void {
    this.#delivered.add(messageId);
    const seq = [...this.#messages.values()].find((m) => m.id === messageId)?.seq;
    if (seq !== undefined) this.#deliveredSeq = Math.max(this.#deliveredSeq, seq);
  }

  sent(message: ChatMessage): void {
    this.#sentHere.add(message.id);
    this.add(message);
  }

  /** 'delivered', 'sent' (acknowledged here, not delivered yet) or null (history: nothing known). */
  delivery(message: ChatMessage): 'delivered' | 'sent' | null {
    if (message.seq <= this.#deliveredSeq) return 'delivered';
    return this.#sentHere.has(message.id) ? 'sent' : null;
  }

  markRead(): boolean {
    const newest = this.newestSeq;
    if (newest <= this.lastReadSeq) return false;
    this.lastReadSeq = newest;
    return true;
  }
}
