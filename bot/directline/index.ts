import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request, Server } from 'restify';
import { notFound, parseBody } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { Metrics } from '../../core/metrics.ts';
import type { Sql } from '../../core/storage/index.ts';
import { type Activity, botActivitySchema } from './activity.ts';
import { DirectLineChannel } from './channel.ts';
import { mountClientRoutes } from './client-routes.ts';
import { CONNECTOR_PREFIX, mountConnectorRoutes } from './connector-routes.ts';
import { type ActivityFeed, InMemoryActivityFeed } from './feed.ts';
import { type BotLink, httpBotLink, inProcessBotLink } from './bot-link.ts';
import { BotForwarder } from './forwarder.ts';
import type { PresenceListener } from './presence.ts';
import { DirectLineStore } from './store.ts';
import { DirectLineStream } from './stream.ts';
import { TokenService } from './tokens.ts';
import { localTokenIssuer, type WidgetTokenIssuer } from './widget-token.ts';

export { TokenService } from './tokens.ts';
export type { ActivityFeed, FeedItem } from './feed.ts';
export type { PresenceListener } from './presence.ts';
export { createRedisActivityFeed, type RedisActivityFeed, type RedisActivityFeedOptions } from './redis-feed.ts';
export { azureTokenIssuer, mountWidgetToken, type WidgetTokenIssuer } from './widget-token.ts';

export interface LocalDirectLineOptions {
  readonly sql: Sql;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly tokenSecret: string;
  readonly secret: string | undefined;
  readonly tokenTtlSeconds: number;
  readonly botEndpoint: () => string;
  readonly botTimeoutMs: number;
  readonly bot: { readonly id: string; readonly name: string };
  /** Base URL the bot reaches this server on (loopback when the bot runs in this process). */
  readonly callbackBase: () => string;
  readonly baseUrl: (req: Request) => string;
  readonly maxBodyBytes: number;
  /**
   * The live fan-out to streams; in memory unless given (createRedisActivityFeed when several nodes serve the
   * widget). Closed with the channel.
   */
  readonly feed?: ActivityFeed & { close?(): Promise<void> };
}

/**
 * The Bot Connector API of this channel as a call, for a bot in the same process (bot/adapter.ts): what the bot
 * sends to `serviceUrl()` is stored and streamed as if it had come over HTTP, checked the same way.
 */
export interface InProcessConnector {
  serviceUrl(): string;
  send(conversationId: string, activity: unknown, replyToId?: string): Promise<{ id: string }>;
}

export interface LocalDirectLine {
  /** The serviceUrl bots must carry in activities that come from this channel. */
  serviceUrl(): string;
  readonly channel: DirectLineChannel;
  /** The connector API as a call, for a bot in this process (see `connectBot`). */
  readonly connector: InProcessConnector;
  /**
   * From now on customer activities go to this in-process bot by a direct call (its turn, as `/api/messages`
   * would run it) instead of an HTTP request to the bot endpoint. For the embedded default, where the bot and the
   * channel share the process; a bot elsewhere (BOT_ENDPOINT) keeps HTTP.
   */
  connectBot(run: (activity: Activity) => Promise<void>): void;
  /** Issues widget tokens for conversations on this channel. */
  readonly issueWidgetToken: WidgetTokenIssuer;
  mount(server: Server): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * Told when this node's open streams of a conversation go from none to one (`true`) and back to none (`false`:
   * the client closed it, or the socket died). Errors thrown by the listener are logged. Returns the unsubscribe.
   */
  onStreamPresence(listener: (conversationId: string, connected: boolean) => void): () => void;
  /** Delivers what an earlier run left undelivered; call once the bot is listening. */
  resume(): Promise<number>;
  close(timeoutMs: number): Promise<void>;
}

/** The Direct Line 3.0 channel that serves the widget when Azure Bot Service is not used. */
export function createLocalDirectLine(o: LocalDirectLineOptions): LocalDirectLine {
  const store = new DirectLineStore(o.sql);
  const feed = o.feed ?? new InMemoryActivityFeed();
  const tokens = new TokenService(o.tokenSecret, o.tokenTtlSeconds);
  // Derived from the signing secret so it survives restarts (pending callbacks keep working) without more config.
  const channelKey = createHmac('sha256', o.tokenSecret).update('connector-channel-key').digest('base64url');
  // Known only once the server listens (port 0 in tests), hence a function.
  const serviceUrl = () => `${o.callbackBase()}${CONNECTOR_PREFIX}/${channelKey}/`;
  let link: BotLink = httpBotLink({ endpoint: o.botEndpoint, timeoutMs: o.botTimeoutMs, log: o.log });
  const forwarder = new BotForwarder(store, o.log, {
    link: (activity) => link(activity),
    serviceUrl,
    onOutcome: (outcome) => o.metrics.botDeliveries.labels(outcome).inc(),
  });
  const channel = new DirectLineChannel(store, feed, forwarder, tokens, { bot: o.bot }, (from) =>
    o.metrics.directLineActivities.labels(from).inc(),
  );
  const stream = new DirectLineStream(channel, feed, tokens, o.log);
  let sweeper: NodeJS.Timeout | undefined;

  return {
    serviceUrl,
    channel,
    connector: {
      serviceUrl,
      async send(conversationId, activity, replyToId) {
        if (!(await channel.getConversation(conversationId))) throw notFound('Conversation');
        return channel.fromBot(conversationId, parseBody(botActivitySchema, activity) as Activity, replyToId);
      },
    },
    connectBot(run) {
      link = inProcessBotLink({ run, timeoutMs: o.botTimeoutMs, log: o.log });
    },
    issueWidgetToken: localTokenIssuer(channel, (req) => `${o.baseUrl(req)}/v3/directline`),
    mount(server) {
      mountClientRoutes(server, { channel, tokens, secret: o.secret, maxBodyBytes: o.maxBodyBytes, baseUrl: o.baseUrl, log: o.log });
      mountConnectorRoutes(server, { channel, store, channelKey, maxBodyBytes: o.maxBodyBytes * 4, log: o.log });
    },
    handleUpgrade: (req, socket, head) => stream.handleUpgrade(req, socket, head),
    onStreamPresence: (listener: PresenceListener) => stream.onPresence(listener),
    async resume() {
      const count = await forwarder.resumePending();
      // Hourly: drop uploads past their 24 hours, and retry anything a bot outage left in the outbox.
      sweeper = setInterval(() => {
        void store.deleteExpiredAttachments().catch((error: unknown) => o.log.warn({ err: error }, 'attachment sweep failed'));
        void forwarder.resumePending().catch((error: unknown) => o.log.warn({ err: error }, 'outbox sweep failed'));
      }, 60 * 60 * 1000).unref();
      return count;
    },
    async close(timeoutMs) {
      if (sweeper) clearInterval(sweeper);
      stream.close();
      await forwarder.close(timeoutMs);
      await o.feed?.close?.();
    },
  };
}
