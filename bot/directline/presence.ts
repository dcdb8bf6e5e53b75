import type { Logger } from '../../core/logger.ts';

export type PresenceListener = (conversationId: string, connected: boolean) => void;

/**
 * Counts this node's open streams per conversation and says when a conversation gains its first (`true`) or loses
 * its last (`false`). The hub uses it to hold a customer's place while they reconnect.
 */
export class StreamPresence {
  readonly #open = new Map<string, number>();
  readonly #listeners = new Set<PresenceListener>();

  constructor(private readonly log: Logger) {}

  onChange(listener: PresenceListener): () => void {
    // Wrapped so the same function registered twice is told twice and removed once per returned call.
    const entry: PresenceListener = (id, connected) => listener(id, connected);
    this.#listeners.add(entry);
    return () => this.#listeners.delete(entry);
  }

  opened(conversationId: string): void {
    const count = (this.#open.get(conversationId) ?? 0) + 1;
    this.#open.set(conversationId, count);
    if (count === 1) this.#emit(conversationId, true);
  }

  closed(conversationId: string): void {
    const count = this.#open.get(conversationId) ?? 0;
    if (count > 1) return void this.#open.set(conversationId, count - 1);
    this.#open.delete(conversationId);
    if (count === 1) this.#emit(conversationId, false);
  }

  /** Listeners run inside socket events: whatever they throw (or reject with) is logged here, never raised. */
  #emit(conversationId: string, connected: boolean): void {
    const fail = (error: unknown) => this.log.error({ err: error, conversationId, connected }, 'stream presence listener failed');
    for (const listener of [...this.#listeners]) {
      try {
        const result: unknown = listener(conversationId, connected);
        if (result instanceof Promise) result.catch(fail);
      } catch (error) {
        fail(error);
      }
    }
  }
}
