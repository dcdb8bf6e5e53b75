import type { Activity } from './activity.ts';

/**
 * Live fan-out of a conversation's activities to its open streams. Storage is the source of truth; the feed only
 * says "there is something new" fast. A multi-node deployment swaps in a Redis-backed implementation.
 */
export interface ActivityFeed {
  publish(conversationId: string, item: FeedItem): void;
  /**
   * `resync` is called when items may have been missed since subscribing (a Redis feed that lost its connection
   * for a while): the subscriber should re-read storage. The in-memory feed never misses anything.
   */
  subscribe(conversationId: string, listener: (item: FeedItem) => void, resync?: () => void): () => void;
}

/** `seq` is absent for activities that are streamed but never stored (typing). */
export interface FeedItem {
  readonly seq?: number;
  readonly activity: Activity;
}

export class InMemoryActivityFeed implements ActivityFeed {
  readonly #listeners = new Map<string, Set<(item: FeedItem) => void>>();

  publish(conversationId: string, item: FeedItem): void {
    for (const listener of this.#listeners.get(conversationId) ?? []) listener(item);
  }

  subscribe(conversationId: string, listener: (item: FeedItem) => void): () => void {
    let set = this.#listeners.get(conversationId);
    if (!set) this.#listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(conversationId);
    };
  }
}
