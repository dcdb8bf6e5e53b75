/**
 * The baseline for the hub bench: a bare Socket.io relay on its own port, without persistence, authentication,
 * validation, a bot or Direct Line. A customer socket names its conversation when it connects; a rep socket pairs
 * with conversations; each side's `message:send` is numbered in memory, forwarded to the other side's room as
 * `message`, and acknowledged. `openRaw` is its client side, with the same pairs and shape as `openOurs`.
 *
 * With `persist` it is the FLOOR instead: the least a relay with our protocol's duties must do. Customers post
 * their messages over HTTP (kept-alive, as a widget posts to Direct Line) and every message, either way, is
 * stored with one INSERT before it is passed on and acknowledged. Our path does more than that (a bot turn, a
 * Direct Line store and a hub store), so the floor's ratio to raw is a bound no implementation of it goes under.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import type { Sql } from '../../core/storage/index.ts';
import type { OpenedPath, Receive, RelayPair } from './hub-workload.ts';
import { postJson } from './http-post.ts';

export interface RawRelay {
  readonly url: string;
  close(): Promise<void>;
}

interface Payload {
  readonly conversationId: string;
  readonly text: string;
}

type Ack = (reply: { ok: true; seq: number }) => void;

const RELAY_TABLE = `CREATE TABLE IF NOT EXISTS raw_relay_messages (
  conversation_id text NOT NULL, seq integer NOT NULL, sender text NOT NULL, text text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (conversation_id, seq))`;
const INSERT = 'INSERT INTO raw_relay_messages (conversation_id, seq, sender, text) VALUES ($1, $2, $3, $4)';

export async function startRawRelay(o: { persist?: Sql } = {}): Promise<RawRelay> {
  const { persist } = o;
  if (persist) await persist.exec(RELAY_TABLE);
  const http = createServer((req, res) => void customerPost(req, res));
  const server = new Server(http, { path: '/socket.io', serveClient: false });
  const seqs = new Map<string, number>();
  const relay = (to: string, p: Payload, from: 'customer' | 'rep', ack: Ack) => {
    const seq = (seqs.get(p.conversationId) ?? 0) + 1;
    seqs.set(p.conversationId, seq);
    const forward = () => {
      server.to(to).emit('message', { conversationId: p.conversationId, seq, from: { kind: from }, text: p.text });
      ack({ ok: true, seq });
    };
    if (!persist) return forward();
    // Each sender waits for its acknowledgement before writing again, so inserts of one conversation never overlap.
    persist.query(INSERT, [p.conversationId, seq, from, p.text]).then(forward, (error: unknown) => {
      process.stderr.write(`[raw relay] insert failed: ${String(error)}\n`);
    });
  };
  /** POST /customers/:conversationId/messages {text}: a customer's message over HTTP (the floor's customers). */
  const customerPost = async (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/customers\/([^/]+)\/messages$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404);
      return void res.end();
    }
    const chunks: Buffer[] = [];
    let text: string;
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
      ({ text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string });
    } catch {
      res.writeHead(400);
      return void res.end();
    }
    const id = decodeURIComponent(m[1]!);
    relay(`rep:${id}`, { conversationId: id, text }, 'customer', (reply) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  };
  server.on('connection', (socket) => {
    const auth = socket.handshake.auth as { role?: string; conversationId?: string };
    if (auth.role === 'customer' && auth.conversationId) {
      const id = auth.conversationId;
      void socket.join(`customer:${id}`);
      socket.on('message:send', (p: Payload, ack: Ack) => relay(`rep:${id}`, { conversationId: id, text: p.text }, 'customer', ack));
    } else {
      socket.on('pair', (p: { conversationId: string }, ack: (r: { ok: true }) => void) => {
        void socket.join(`rep:${p.conversationId}`);
        ack({ ok: true });
      });
      socket.on('message:send', (p: Payload, ack: Ack) => relay(`customer:${p.conversationId}`, p, 'rep', ack));
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      server.disconnectSockets(true);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Message {
  conversationId: string;
  seq: number;
  from: { kind: string };
  text: string;
}

/** Connects a socket and drops repeats by (conversation, seq), as a console would. */
async function connect(url: string, auth: Record<string, string>, onMessage: (m: Message, at: number) => void): Promise<Socket> {
  const socket = io(url, { path: '/socket.io', auth, transports: ['websocket'], reconnection: false });
  socket.on('message', (m: Message) => onMessage(m, performance.now()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

async function send(socket: Socket, event: string, payload: unknown): Promise<void> {
  const ack = (await socket.timeout(60_000).emitWithAck(event, payload)) as { ok: boolean };
  if (!ack.ok) throw new Error(`${event} refused`);
}

/** `customers` conversations, conversation i served by rep i % reps; `customerHttp`: customers post (the floor). */
export async function openRaw(o: { url: string; customers: number; reps: number; customerHttp?: boolean }, receive: Receive): Promise<OpenedPath> {
  const seen = new Set<string>();
  let repeats = 0;
  const onMessage = (m: Message, at: number) => {
    const key = `${m.conversationId} ${m.seq}`;
    if (seen.has(key)) return void repeats++;
    seen.add(key);
    receive(m.from.kind === 'customer' ? 'c2r' : 'r2c', m.text, at);
  };
  const reps = await Promise.all(Array.from({ length: o.reps }, () => connect(o.url, { role: 'rep' }, onMessage)));
  const ids = Array.from({ length: o.customers }, (_, i) => `raw-${i}`);
  const customers = await Promise.all(ids.map((id) => connect(o.url, { role: 'customer', conversationId: id }, onMessage)));
  await Promise.all(ids.map((id, i) => send(reps[i % o.reps]!, 'pair', { conversationId: id })));
  const pairs = ids.map(
    (id, i): RelayPair => ({
      customerSays: o.customerHttp
        ? async (text) => void (await postJson(`${o.url}/customers/${encodeURIComponent(id)}/messages`, { text }))
        : (text) => send(customers[i]!, 'message:send', { conversationId: id, text }),
      repSays: (text) => send(reps[i % o.reps]!, 'message:send', { conversationId: id, text }),
    }),
  );
  return {
    pairs,
    counters: () => ({ repeats, retries: 0 }),
    async close() {
      for (const s of [...customers, ...reps]) s.disconnect();
    },
  };
}
