import { BoundedMap } from '../../core/bounded-map.ts';
import type { Logger } from '../../core/logger.ts';
import type { ConversationStore } from '../store/conversations.ts';
import type { OutboxItem, OutboxStore } from '../store/outbox.ts';
import type { CustomerChannel, HubMetrics } from './types.ts';

/**
 * Sends the outbox to customers: one conversation at a time in this process (so its items go out in order), each
 * item marked delivered only after its channel accepted it. A failure stops that conversation's queue and retries
 * it later with backoff; nothing is skipped. `sweep` picks up what a dead node left behind.
 */
export class Delivery {
  readonly #chains = new Map<string, Promise<void>>();
  /** Conversations with a drain queued behind the running one: a further kick needs no third. */
  readonly #queued = new Set<string>();
  /** Where each conversation's customer is reached (never changes for a conversation), so a drain reads no row. */
  readonly #routes = new BoundedMap<string, { channel: string; botRef: Record<string, unknown> }>(10_000);

  constructor(
    private readonly o: {
      outbox: OutboxStore;
      conversations: ConversationStore;
      channels: (name: string) => CustomerChannel | undefined;
      log: Logger;
      metrics: HubMetrics;
      /** Told after each item reached the customer's channel (the console shows rep messages as delivered). */
      onDelivered?: (conversationId: string, item: OutboxItem) => void;
    },
  ) {}

  /** Delivers what is pending for the conversation, after anything already under way for it here. */
  kick(conversationId: string): Promise<void> {
    const previous = this.#chains.get(conversationId);
    // A drain claims everything pending when it starts: one waiting behind the running one covers every kick.
    if (previous && this.#queued.has(conversationId)) return previous;
    if (previous) this.#queued.add(conversationId);
    const next = (previous ?? Promise.resolve()).then(() => {
      this.#queued.delete(conversationId);
      return this.#drain(conversationId);
    });
    this.#chains.set(conversationId, next);
    void next.finally(() => {
      if (this.#chains.get(conversationId) === next) this.#chains.delete(conversationId);
    });
    return next;
  }

  async sweep(): Promise<void> {
    const due = await this.o.outbox.due();
    // What this process is delivering already needs no second look.
    await Promise.all(due.filter((id) => !this.#chains.has(id)).map((id) => this.kick(id)));
  }

  /** Resolves when everything kicked so far has been tried (shutdown). */
  async idle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all([...this.#chains.values()]);
  }

  async #route(conversationId: string): Promise<{ channel: string; botRef: Record<string, unknown> } | undefined> {
    const known = this.#routes.get(conversationId);
    if (known) return known;
    const conversation = await this.o.conversations.get(conversationId);
    if (!conversation) return undefined;
    const route = { channel: conversation.channel, botRef: conversation.botRef };
    this.#routes.set(conversationId, route);
    return route;
  }

  async #drain(conversationId: string): Promise<void> {
    try {
      const items = await this.o.outbox.claim(conversationId);
      if (items.length === 0) return;
      const conversation = await this.#route(conversationId);
      const channel = conversation && this.o.channels(conversation.channel);
      for (const [i, pending] of items.entries()) {
        try {
          if (!conversation || !channel) throw new Error(`no channel ${conversation?.channel ?? '?'} to reach the customer`);
          await send(channel, conversation.botRef, pending.item, { id: `hub-${pending.id}`, hubConversationId: conversationId });
          await this.o.outbox.delivered(pending.id, items.slice(i + 1).map((p) => p.id));
          this.o.metrics.delivery('ok');
          this.o.onDelivered?.(conversationId, pending.item);
        } catch (error) {
          const retryIn = Math.min(60, 2 ** Math.min(pending.attempts, 6));
          this.o.metrics.delivery('retry');
          this.o.log.warn({ err: error, conversationId, kind: pending.item.kind, attempts: pending.attempts, retryIn }, 'could not reach the customer; will retry');
          await this.o.outbox.release(items.slice(i).map((p) => p.id), String((error as Error)?.message ?? error), retryIn);
          return;
        }
      }
    } catch (error) {
      this.o.log.error({ err: error, conversationId }, 'customer delivery failed');
    }
  }
}

function send(channel: CustomerChannel, botRef: Record<string, unknown>, item: OutboxItem, o: { id: string; hubConversationId: string }): Promise<void> {
  switch (item.kind) {
    case 'message':
      return channel.deliver(botRef, { id: o.id, text: item.text, from: item.from });
    case 'status':
      return channel.status(botRef, item.status, o);
    case 'queue':
      return channel.queue(botRef, item.notice, o);
  }
}
