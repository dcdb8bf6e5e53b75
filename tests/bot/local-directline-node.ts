/**
 * One node of the local Direct Line channel on its own port, for suites that need several nodes over one database
 * or the connector routes without the whole app. The bot endpoint is unreachable: nothing here needs a bot.
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { type ClientOptions, WebSocket } from 'ws';
import { type ActivityFeed, createLocalDirectLine, type LocalDirectLine } from '../../bot/directline/index.ts';
import { createLogger, type Logger } from '../../core/logger.ts';
import { createMetrics } from '../../core/metrics.ts';
import type { Sql } from '../../core/storage/index.ts';

export const NODE_TOKEN_SECRET = 'node-test-token-secret-0123456789abcdef';

export interface LocalNode {
  readonly url: string;
  readonly directLine: LocalDirectLine;
  /** A new conversation and a token for its user (valid on every node: they share the signing secret). */
  reserve(): Promise<{ conversationId: string; token: string }>;
  /** Posts as the bot does, to this node's connector route. */
  botSend(conversationId: string, activity: Record<string, unknown>): Promise<{ status: number; id: string }>;
  streamUrl(conversationId: string, token: string): string;
  close(): Promise<void>;
}

export async function startLocalNode(
  sql: Sql,
  o: { feed?: ActivityFeed & { close?(): Promise<void> }; log?: Logger } = {},
): Promise<LocalNode> {
  const server = restify.createServer({ handleUpgrades: false });
  let url = '';
  const directLine = createLocalDirectLine({
    sql,
    log: o.log ?? createLogger({ level: 'silent' }),
    metrics: createMetrics(),
    tokenSecret: NODE_TOKEN_SECRET,
    secret: undefined,
    tokenTtlSeconds: 1800,
    botEndpoint: () => 'http://127.0.0.1:9/unused',
    botTimeoutMs: 100,
    bot: { id: 'bot', name: 'Bot' },
    callbackBase: () => url,
    baseUrl: () => url,
    maxBodyBytes: 256 * 1024,
    ...(o.feed ? { feed: o.feed } : {}),
  });
  directLine.mount(server);
  server.server.on('upgrade', (req, socket, head) => {
    if (!directLine.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    directLine,
    async reserve() {
      const { conversationId, token } = await directLine.channel.reserve();
      return { conversationId, token };
    },
    async botSend(conversationId, activity) {
      const answer = await fetch(`${directLine.serviceUrl()}v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: { id: 'bot' }, ...activity }),
      });
      const body = (await answer.json()) as { id: string };
      return { status: answer.status, id: body.id };
    },
    streamUrl: (conversationId, token) =>
      `ws://127.0.0.1:${new URL(url).port}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?t=${token}`,
    async close() {
      await directLine.close(1000);
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface StreamClient {
  readonly ws: WebSocket;
  /** The activities received, in order (keep-alives left out). */
  readonly activities: { id: string; type: string; text?: string }[];
}

/** A raw WebSocket stream client, open once this resolves. */
export async function openStream(url: string, options: ClientOptions = {}): Promise<StreamClient> {
  const ws = new WebSocket(url, options);
  const activities: StreamClient['activities'] = [];
  ws.on('message', (data) => {
    const text = data.toString();
    if (text) activities.push(...(JSON.parse(text) as { activities: StreamClient['activities'] }).activities);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, activities };
}
