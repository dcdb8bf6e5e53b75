import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import type { Activity } from './activity.ts';
import type { ActivityFeed, FeedItem } from './feed.ts';

export interface RedisActivityFeed extends ActivityFeed {
  /** Drops both connections; publishes after this reach local listeners only. */
  close(): Promise<void>;
}

export interface RedisActivityFeedOptions {
  /** redis://… or rediss://… */
  readonly url: string;
  readonly log: Logger;
  /** Namespaces the channels so deployments (or test runs) sharing one Redis do not hear each other. */
  readonly prefix?: string;
}

type Client = ReturnType<typeof createClient>;
type Subscriber = { readonly listener: (item: FeedItem) => void; readonly resync: (() => void) | undefined };

// On the wire: the FeedItem plus the node that published it, so that node can skip its own echo.
const messageSchema = z.object({
  node: z.string(),
  seq: z.number().int().optional(),
  activity: z.object({ type: z.string() }).passthrough(),
});

/**
 * The live feed across nodes, over Redis pub/sub: a stream open on node A hears of an activity stored through
 * node B. Connects before it resolves, so a feed that is handed out is already listening.
 *
 * Exactly once, whichever node a listener is on: a publish reaches this node's listeners at once (in memory, so
 * a Redis outage does not stop same-node streams) and goes to `${prefix}dl:<conversation id>` stamped with this
 * node's id; every node hears all channels through one pattern subscription and drops its own echo.
 *
 * Why one pattern rather than a channel per conversation: SUBSCRIBE is acknowledged asynchronously, so a stream
 * that reads storage right after subscribing could miss an activity stored in between, and subscribe/unsubscribe
 * pairs would need serialising per channel. The price is that each node receives every conversation's
 * announcements (small JSON, dropped unread when no stream of that conversation is open here).
 */
export async function createRedisActivityFeed(o: RedisActivityFeedOptions): Promise<RedisActivityFeed> {
  // Named so CLIENT LIST tells the feed's connections apart (CLIENT SETNAME refuses spaces).
  const name = `${(o.prefix ?? '').replace(/[^\w:.-]/g, '_')}dl-feed`;
  const publisher: Client = createClient({ url: o.url, name: `${name}-pub` });
  const subscriber: Client = publisher.duplicate({ name: `${name}-sub` });
  for (const [client, role] of [[publisher, 'publisher'], [subscriber, 'subscriber']] as const) {
    client.on('error', (error: unknown) => o.log.warn({ err: error, role }, 'direct line feed: redis connection error'));
  }
  try {
    await publisher.connect();
    await subscriber.connect();
    const feed = new RedisFeed(publisher, subscriber, `${o.prefix ?? ''}dl:`, o.log);
    await feed.listen();
    return feed;
  } catch (error) {
    publisher.destroy();
    subscriber.destroy();
    throw error;
  }
}

class RedisFeed implements RedisActivityFeed {
  readonly #node = randomUUID();
  /** This node's listeners by conversation; a conversation is here only while it has one. */
  readonly #local = new Map<string, Set<Subscriber>>();
  #closed = false;

  constructor(
    private readonly publisher: Client,
    private readonly subscriber: Client,
    private readonly channelPrefix: string,
    private readonly log: Logger,
  ) {}

  async listen(): Promise<void> {
    const pattern = `${this.channelPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    await this.subscriber.pSubscribe(pattern, (message, channel) => this.#received(channel, message));
    // node-redis re-subscribes before it reports `ready` again; what was published meanwhile is lost, so every
    // open stream re-reads storage.
    this.subscriber.on('ready', () => {
      for (const [conversationId, subscribers] of this.#local) {
        for (const s of subscribers) this.#call(conversationId, () => s.resync?.());
      }
    });
  }

  publish(conversationId: string, item: FeedItem): void {
    this.#deliver(conversationId, item);
    if (this.#closed) return;
    const message = JSON.stringify({ node: this.#node, ...item });
    this.publisher.publish(this.channelPrefix + conversationId, message).catch((error: unknown) => {
      this.log.warn({ err: error, conversationId }, 'direct line feed: publish to other nodes failed');
    });
  }

  subscribe(conversationId: string, listener: (item: FeedItem) => void, resync?: () => void): () => void {
    let set = this.#local.get(conversationId);
    if (!set) this.#local.set(conversationId, (set = new Set()));
    const subscriber: Subscriber = { listener, resync }; // its own object: the same listener may subscribe twice
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.#local.get(conversationId) === set) this.#local.delete(conversationId);
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.subscriber.destroy(); // nothing of value is pending on it
    // Lets publishes in flight finish; when Redis is unreachable they never would.
    if (this.publisher.isReady) await this.publisher.close();
    else this.publisher.destroy();
  }

  #received(channel: string, message: string): void {
    const conversationId = channel.slice(this.channelPrefix.length);
    if (!this.#local.has(conversationId)) return;
    let parsed: z.infer<typeof messageSchema>;
    try {
      parsed = messageSchema.parse(JSON.parse(message));
    } catch (error) {
      this.log.warn({ err: error, channel }, 'direct line feed: unreadable message dropped');
      return;
    }
    if (parsed.node === this.#node) return; // delivered locally when it was published
    const item: FeedItem = {
      activity: parsed.activity as Activity,
      ...(parsed.seq !== undefined ? { seq: parsed.seq } : {}),
    };
    this.#deliver(conversationId, item);
  }

  #deliver(conversationId: string, item: FeedItem): void {
    for (const s of this.#local.get(conversationId) ?? []) this.#call(conversationId, () => s.listener(item));
  }

  /** One failing listener must neither stop the others nor surface inside the Redis client. */
  #call(conversationId: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log.error({ err: error, conversationId }, 'direct line feed: listener failed');
    }
  }
}
