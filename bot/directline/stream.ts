import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../core/logger.ts';
import { type Activity, hiddenFromClients, parseWatermark } from './activity.ts';
import type { DirectLineChannel } from './channel.ts';
import type { ActivityFeed, FeedItem } from './feed.ts';
import { type PresenceListener, StreamPresence } from './presence.ts';
import type { TokenService } from './tokens.ts';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const KEEPALIVE_MS = 20_000;

/**
 * The WebSocket stream. On connect it replays everything after the watermark from storage, then goes live;
 * each stored activity is sent once, in sequence order.
 */
export class DirectLineStream {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  readonly #open = new Set<WebSocket>();
  /** Sockets pinged at the last keep-alive that have not answered yet. */
  readonly #unanswered = new WeakSet<WebSocket>();
  readonly #presence: StreamPresence;
  readonly #keepalive: NodeJS.Timeout;

  constructor(
    private readonly channel: DirectLineChannel,
    private readonly feed: ActivityFeed,
    private readonly tokens: TokenService,
    private readonly log: Logger,
    o: { keepaliveMs?: number } = {},
  ) {
    this.#presence = new StreamPresence(log);
    this.#keepalive = setInterval(() => this.#keepAlive(), o.keepaliveMs ?? KEEPALIVE_MS).unref();
  }

  /** Told when this node's first stream of a conversation opens (true) and its last one closes (false). */
  onPresence(listener: PresenceListener): () => void {
    return this.#presence.onChange(listener);
  }

  /** Takes the upgrade if it is for a stream URL; false leaves it to others (Socket.io). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return false;
    void this.#accept(req, socket, head, decodeURIComponent(match[1]!), url.searchParams).catch((error: unknown) => {
      this.log.error({ err: error }, 'stream upgrade failed');
      refuse(socket, 500, 'Internal Server Error');
    });
    return true;
  }

  async #accept(req: IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, query: URLSearchParams) {
    const raw = query.get('t') ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!raw) return refuse(socket, 401, 'Unauthorized');
    const check = await this.tokens.verify(raw);
    if (!check.ok) return refuse(socket, 403, 'Forbidden');
    if (!(await this.channel.getConversation(conversationId))) return refuse(socket, 404, 'Not Found');
    if (check.claims.conversationId !== conversationId) return refuse(socket, 403, 'Forbidden');
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      this.#open.add(ws);
      this.#presence.opened(conversationId);
      ws.once('close', () => this.#presence.closed(conversationId));
      void this.#serve(ws, conversationId, parseWatermark(query.get('watermark') ?? ''));
    });
  }

  /**
   * Stored activities go out strictly in sequence: the replay reads storage after the watermark, and a live item
   * that is not the next number (announced out of order, or during the replay) triggers another read from storage
   * instead of being sent past a gap. Transient items (typing) go straight out.
   */
  async #serve(ws: WebSocket, conversationId: string, watermark: number): Promise<void> {
    let last = watermark;
    let catchingUp: Promise<void> | undefined;
    let again = false;
    const frame = (activities: Activity[], seq?: number) => {
      const shown = activities.filter((a) => !hiddenFromClients.has(a.type));
      if (ws.readyState !== WebSocket.OPEN || shown.length === 0) return;
      ws.send(JSON.stringify({ activities: shown, ...(seq !== undefined ? { watermark: String(seq) } : {}) }));
    };
    const catchUp = async () => {
      do {
        again = false;
        for (;;) {
          const page = await this.channel.activitiesAfter(conversationId, last);
          if (page.activities.length === 0 || ws.readyState !== WebSocket.OPEN) break;
          last = Number(page.watermark);
          frame(page.activities, last);
        }
      } while (again);
    };
    const requestCatchUp = () => {
      if (catchingUp) {
        again = true;
        return;
      }
      catchingUp = catchUp()
        .catch((error: unknown) => {
          this.log.error({ err: error, conversationId }, 'stream catch-up failed');
          ws.close(1011, 'catch-up failed'); // the client reconnects with its watermark
        })
        .finally(() => (catchingUp = undefined));
    };
    const onItem = (item: FeedItem) => {
      if (item.seq === undefined) return frame([item.activity]);
      if (item.seq <= last) return; // already sent
      if (item.seq === last + 1 && !catchingUp) {
        last = item.seq;
        return frame([item.activity], item.seq);
      }
      requestCatchUp();
    };
    // A feed that may have missed announcements (a Redis reconnect) asks for the same read from storage.
    const unsubscribe = this.feed.subscribe(conversationId, onItem, requestCatchUp);
    ws.on('close', () => {
      unsubscribe();
      this.#open.delete(ws);
    });
    ws.on('pong', () => this.#unanswered.delete(ws));
    ws.on('error', (error) => this.log.debug({ err: error, conversationId }, 'stream socket error'));
    ws.on('message', () => undefined); // clients send empty keep-alives; nothing else is defined
    requestCatchUp(); // the replay after the client's watermark
  }

  /**
   * An empty message is Direct Line's keep-alive (proxies drop idle sockets otherwise). The ping beside it finds
   * peers that vanished without closing (a laptop lid, a dropped network): a socket that did not answer the last
   * ping within one interval is ended, so its close, and the presence change, come within two intervals instead
   * of TCP's many minutes.
   */
  #keepAlive(): void {
    for (const ws of this.#open) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (this.#unanswered.has(ws)) {
        ws.terminate();
        continue;
      }
      this.#unanswered.add(ws);
      ws.ping();
      ws.send('');
    }
  }

  /** Closes every stream with "going away"; clients reconnect with their watermark. */
  close(): void {
    clearInterval(this.#keepalive);
    for (const ws of this.#open) ws.close(1001, 'server shutting down');
    this.#wss.close();
  }
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
