import { performance } from 'node:perf_hooks';
import { WebSocket, type RawData } from 'ws';

/**
 * A minimal Direct Line 3.0 client for timing turns: plain `fetch` for posts and one `ws` socket on the
 * conversation's streamUrl. Deliberately thin so that its own cost is small and the same for every bot measured.
 */

interface StreamActivity {
  type?: string;
  id?: string;
  replyToId?: string;
  text?: string;
  from?: { id?: string; role?: string };
}

interface PendingTurn {
  /** Known once the POST answered; the reply can (rarely) reach the stream before that. */
  id: string | undefined;
  resolve(arrivedAt: number, reply: StreamActivity): void;
}

export interface StreamCounters {
  /** Bot typing activities seen on the stream (ShowTypingMiddleware sends one when a turn passes its delay). */
  typing: number;
  /** Empty keep-alive frames. */
  keepalives: number;
  /** Bot messages that answered no turn we were waiting for (e.g. the welcome on conversationUpdate). */
  unmatched: number;
}

export class DirectLineConversation {
  readonly counters: StreamCounters = { typing: 0, keepalives: 0, unmatched: 0 };
  /** performance.now() of the last non-empty frame (or of the stream's opening). */
  lastFrameAt = performance.now();
  /** Text of the last bot reply matched to a turn (a sanity check on which bot answered). */
  lastReplyText: string | undefined;
  #pending: PendingTurn | undefined;
  /** Bot messages that arrived while the pending turn's POST had not answered yet (its id unknown). */
  #early: { readonly activity: StreamActivity; readonly at: number }[] = [];
  #closed = false;
  #seq = 0;

  private constructor(
    private readonly baseUrl: string,
    readonly conversationId: string,
    private readonly token: string,
    private readonly ws: WebSocket,
    private readonly userId: string,
  ) {
    ws.on('message', (data: RawData, isBinary: boolean) => this.#onFrame(performance.now(), data, isBinary));
  }

  /** Starts a conversation with the Direct Line secret and opens its stream (resolves once the socket is open). */
  static async open(baseUrl: string, secret: string, userId: string): Promise<DirectLineConversation> {
    const response = await fetch(`${baseUrl}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
    });
    const body = (await response.json()) as { conversationId?: string; token?: string; streamUrl?: string };
    if (!response.ok || !body.conversationId || !body.token || !body.streamUrl) {
      throw new Error(`POST /conversations answered ${response.status}: ${JSON.stringify(body)}`);
    }
    const ws = new WebSocket(body.streamUrl, { perMessageDeflate: false });
    // Listen before 'open': the replay can come in the same packet as the upgrade answer and is emitted at once.
    const conversation = new DirectLineConversation(baseUrl, body.conversationId, body.token, ws, userId);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`stream upgrade answered ${res.statusCode}`)));
    });
    return conversation;
  }

  /** Posts one message and resolves with the milliseconds until the bot's reply to it arrived on the stream. */
  async turn(text: string, timeoutMs = 60_000): Promise<number> {
    if (this.#pending) throw new Error('one turn at a time per conversation');
    const clientActivityID = `bench-${++this.#seq}`;
    let arrived!: (t: number) => void;
    const replied = new Promise<number>((resolve) => (arrived = resolve));
    const started = performance.now();
    const pending: PendingTurn = {
      id: undefined,
      resolve: (at, reply) => {
        this.lastReplyText = reply.text;
        arrived(at);
      },
    };
    this.#pending = pending;
    let timer: NodeJS.Timeout | undefined;
    try {
      const response = await fetch(
        `${this.baseUrl}/v3/directline/conversations/${encodeURIComponent(this.conversationId)}/activities`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'message', from: { id: this.userId }, text, channelData: { clientActivityID } }),
        },
      );
      const body = (await response.json()) as { id?: string };
      if (!response.ok || !body.id) throw new Error(`POST /activities answered ${response.status}: ${JSON.stringify(body)}`);
      pending.id = body.id;
      const early = this.#early.find((e) => answers(e.activity, body.id!));
      this.counters.unmatched += this.#early.length - (early ? 1 : 0);
      this.#early = [];
      if (early) pending.resolve(early.at, early.activity);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no reply to ${body.id} within ${timeoutMs} ms`)), timeoutMs);
      });
      const at = await Promise.race([replied, timeout]);
      return at - started;
    } finally {
      clearTimeout(timer);
      this.#pending = undefined;
    }
  }

  #onFrame(at: number, data: RawData, isBinary: boolean): void {
    const raw = isBinary ? '' : data.toString();
    if (raw.trim() === '') {
      this.counters.keepalives++;
      return;
    }
    this.lastFrameAt = at;
    const frame = JSON.parse(raw) as { activities?: StreamActivity[] };
    for (const activity of frame.activities ?? []) {
      const fromBot = activity.from?.role === 'bot' || (activity.from?.id !== undefined && activity.from.id !== this.userId);
      if (!fromBot) continue; // the channel echoes the customer's own message too
      if (activity.type === 'typing') {
        this.counters.typing++;
        continue;
      }
      if (activity.type !== 'message') continue;
      const pending = this.#pending;
      if (pending?.id !== undefined && answers(activity, pending.id)) pending.resolve(at, activity);
      else if (pending && pending.id === undefined) this.#early.push({ activity, at });
      else this.counters.unmatched++;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 1000);
      this.ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.close(1000);
    });
  }
}

/**
 * Whether a bot message is the reply to the customer activity `postedId`: its replyToId names it, or, for a bot
 * that sets no replyToId, it comes after it in the conversation (ids are `conversation|seq`, seq = watermark).
 * A message without replyToId from before the post (e.g. a welcome still on its way) is not a reply.
 */
function answers(activity: StreamActivity, postedId: string): boolean {
  if (activity.replyToId !== undefined) return activity.replyToId === postedId;
  const seq = (id: string | undefined) => Number.parseInt(id?.slice(id.lastIndexOf('|') + 1) ?? '', 10);
  const mine = seq(postedId);
  const theirs = seq(activity.id);
  return Number.isNaN(mine) || Number.isNaN(theirs) || theirs > mine;
}
