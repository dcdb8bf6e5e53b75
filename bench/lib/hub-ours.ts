/**
 * The relay workload's driver for OUR path: customers are Direct Line clients (widget token, POST /conversations,
 * the WebSocket stream, POST /activities), reps are Socket.io consoles that accept every offer and join the
 * conversation. Setup escalates every customer ("talk to a person") and resolves once each one has a rep and has
 * been told so; the pairs it returns are then used by hub-workload.ts.
 */
import { io, type Socket } from 'socket.io-client';
import { type RawData, WebSocket } from 'ws';
import type { Ack, ChatMessage } from '../../handoff-hub/protocol.ts';
import type { OpenedPath, Receive, RelayPair } from './hub-workload.ts';
import { closePosts, NetworkError, postJson } from './http-post.ts';

export interface OursOptions {
  readonly url: string;
  readonly customers: number;
  readonly reps: readonly { readonly email: string; readonly password: string }[];
  /** Customers escalating at the same time during setup. */
  readonly setupConcurrency: number;
  readonly setupTimeoutMs: number;
}

interface Activity {
  type?: string;
  id?: string;
  name?: string;
  text?: string;
  value?: { state?: string };
  from?: { id?: string; role?: string };
  channelData?: { handoff?: { state?: string }; sender?: { kind?: string } };
}

/** A widget-like Direct Line client on the WebSocket stream; shows each stored activity once (by id). */
class Customer {
  accepted = false;
  lastFrameAt = performance.now();
  readonly #seen = new Set<string>();
  /** Activities the stream sent again with an id already shown (a client drops them; counted for the report). */
  repeats = 0;
  retries = 0;

  private constructor(
    readonly conversationId: string,
    private readonly domain: string,
    private readonly token: string,
    private readonly userId: string,
    private readonly ws: WebSocket,
    private readonly receive: Receive,
  ) {
    ws.on('message', (data: RawData) => this.#frame(performance.now(), data.toString()));
  }

  static async open(url: string, receive: Receive): Promise<Customer> {
    const widget = (await postJson(`${url}/api/directline/token`, {})) as { token: string; conversationId: string; domain: string };
    const started = (await postJson(`${widget.domain}/conversations`, {}, widget.token)) as { streamUrl: string };
    const userId = (JSON.parse(Buffer.from(widget.token.split('.')[1]!, 'base64url').toString('utf8')) as { user: string }).user;
    const ws = new WebSocket(started.streamUrl, { perMessageDeflate: false });
    const customer = new Customer(widget.conversationId, widget.domain, widget.token, userId, ws, receive);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return customer;
  }

  /**
   * Posts one message. A connection the server dropped under load is retried with the same clientActivityID, as
   * a widget does; Direct Line stores it once.
   */
  async says(text: string): Promise<void> {
    const url = `${this.domain}/conversations/${encodeURIComponent(this.conversationId)}/activities`;
    const activity = { type: 'message', from: { id: this.userId }, text, channelData: { clientActivityID: `bench-${text}` } };
    for (let attempt = 1; ; attempt++) {
      try {
        return void (await postJson(url, activity, this.token));
      } catch (error) {
        if (attempt >= 5 || !(error instanceof NetworkError)) throw error;
        if (this.retries++ === 0) process.stderr.write(`[bench:hub] retrying a post after: ${String(error)}\n`);
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  #frame(at: number, raw: string): void {
    if (raw.trim() === '') return; // keep-alive
    this.lastFrameAt = at;
    for (const a of (JSON.parse(raw) as { activities?: Activity[] }).activities ?? []) {
      if (a.id !== undefined) {
        if (this.#seen.has(a.id)) {
          this.repeats++;
          continue;
        }
        this.#seen.add(a.id);
      }
      if (a.from?.id === this.userId) continue; // the echo of what the customer said
      if (a.channelData?.handoff?.state === 'accepted' || (a.type === 'event' && a.name === 'handoff.status' && a.value?.state === 'accepted')) this.accepted = true;
      if (a.type === 'message' && a.channelData?.sender?.kind === 'rep') this.receive('r2c', a.text ?? '', at);
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A rep console: accepts every offer, joins the conversation, shows each message once (by seq). */
class Rep {
  /** DL conversation id → hub conversation id, for the conversations this rep joined. */
  readonly joined = new Map<string, string>();
  readonly #seen = new Set<string>();
  repeats = 0;
  retries = 0;
  failures: string[] = [];
  #sent = 0;

  private constructor(
    private readonly socket: Socket,
    private readonly receive: Receive,
  ) {
    socket.on('message', (m: ChatMessage) => this.#message(performance.now(), m));
    socket.on('offer', (offer: { offerId: string; conversationId: string }) => {
      this.#accept(offer).catch((error: unknown) => this.failures.push(`accepting ${offer.conversationId}: ${String(error)}`));
    });
  }

  static async connect(url: string, login: { email: string; password: string }, receive: Receive): Promise<Rep> {
    const { token } = (await postJson(`${url}/api/hub/auth/login`, { ...login, transport: 'token' })) as { token: string };
    const socket = io(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: true, reconnectionDelay: 100 });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const rep = new Rep(socket, receive);
    await rep.#send('presence:set', { presence: 'available' });
    return rep;
  }

  /** Sends one message; an acknowledgement that does not come is retried with the same clientId (stored once). */
  async says(hubConversationId: string, text: string): Promise<void> {
    const payload = { conversationId: hubConversationId, clientId: `bench-${++this.#sent}`, text };
    for (let attempt = 1; ; attempt++) {
      try {
        return void (await this.#send('message:send', payload));
      } catch (error) {
        if (attempt >= 3 || !/timed out/.test(String(error))) throw error;
        this.retries++;
      }
    }
  }

  async #accept(offer: { offerId: string; conversationId: string }): Promise<void> {
    await this.#send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId });
    const joined = await this.#send<{ conversation: { context: { va_ConversationId: string } }; messages: ChatMessage[] }>('conversation:join', { conversationId: offer.conversationId, afterSeq: 0 });
    // What was said before the rep joined (the escalation) is history, not relayed traffic.
    for (const m of joined.messages) this.#seen.add(`${m.conversationId} ${m.seq}`);
    this.joined.set(joined.conversation.context.va_ConversationId, offer.conversationId);
  }

  async #send<T extends object = object>(event: string, payload: unknown): Promise<T> {
    const ack = (await this.socket.timeout(60_000).emitWithAck(event, payload)) as Ack<T>;
    if (!ack.ok) throw new Error(`${event}: ${ack.error.code}: ${ack.error.message}`);
    return ack;
  }

  #message(at: number, m: ChatMessage): void {
    const key = `${m.conversationId} ${m.seq}`;
    if (this.#seen.has(key)) {
      this.repeats++;
      return;
    }
    this.#seen.add(key);
    if (m.from.kind === 'customer') this.receive('c2r', m.text, at);
  }

  close(): void {
    this.socket.disconnect();
  }
}

export async function openOurs(o: OursOptions, receive: Receive, log: (m: string) => void): Promise<OpenedPath> {
  const reps = await Promise.all(o.reps.map((login) => Rep.connect(o.url, login, receive)));
  log(`${reps.length} reps online`);
  const customers: Customer[] = [];
  const closeAll = () => {
    for (const c of customers) c.close();
    for (const r of reps) r.close();
    closePosts();
  };
  try {
    await escalate(o, customers, receive, log);
    await accepted(customers, reps, o.setupTimeoutMs, log);
  } catch (error) {
    closeAll();
    throw error;
  }
  const pairs = customers.map((customer): RelayPair => {
    const rep = reps.find((r) => r.joined.has(customer.conversationId))!;
    const hubId = rep.joined.get(customer.conversationId)!;
    return { customerSays: (text) => customer.says(text), repSays: (text) => rep.says(hubId, text) };
  });
  return {
    pairs,
    counters: () => ({
      repeats: customers.reduce((s, c) => s + c.repeats, 0) + reps.reduce((s, r) => s + r.repeats, 0),
      retries: customers.reduce((s, c) => s + c.retries, 0) + reps.reduce((s, r) => s + r.retries, 0),
    }),
    close: async () => closeAll(),
  };
}

/** Opens the customers, `setupConcurrency` at a time, each asking for a person; adds each to `customers`. */
async function escalate(o: OursOptions, customers: Customer[], receive: Receive, log: (m: string) => void): Promise<void> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: o.setupConcurrency }, async () => {
      while (next < o.customers) {
        next++;
        const customer = await Customer.open(o.url, receive);
        customers.push(customer);
        await customer.says('I want to speak to a human');
        if (++done % 100 === 0 && done < o.customers) log(`  ${done}/${o.customers} customers escalated`);
      }
    }),
  );
  log(`${customers.length} customers escalated`);
}

/** Resolves once every customer has a rep in the conversation and has been told so, and the streams are quiet. */
async function accepted(customers: readonly Customer[], reps: readonly Rep[], timeoutMs: number, log: (m: string) => void): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastReport = performance.now();
  for (;;) {
    const failures = reps.flatMap((r) => r.failures);
    if (failures.length > 0) throw new Error(`offers failed: ${failures.slice(0, 3).join('; ')}`);
    const joined = customers.filter((c) => c.accepted && reps.some((r) => r.joined.has(c.conversationId))).length;
    if (joined === customers.length) break;
    if (performance.now() > deadline) throw new Error(`only ${joined}/${customers.length} conversations accepted after ${timeoutMs} ms`);
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      log(`  ${joined}/${customers.length} conversations accepted`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Let the joins, welcomes and queue notices finish before anything is timed.
  while (performance.now() - Math.max(...customers.map((c) => c.lastFrameAt)) < 500) await new Promise((resolve) => setTimeout(resolve, 100));
  log(`all ${customers.length} conversations accepted`);
}
