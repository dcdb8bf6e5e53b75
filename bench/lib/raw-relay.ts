/**
 * The baseline for the hub bench: a bare Socket.io relay on its own port, without persistence, authentication,
 * validation, a bot or Direct Line. A customer socket names its conversation when it connects; a rep socket pairs
 * with conversations; each side's `message:send` is numbered in memory, forwarded to the other side's room as
 * `message`, and acknowledged. `openRaw` is its client side, with the same pairs and shape as `openOurs`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import type { OpenedPath, Receive, RelayPair } from './hub-workload.ts';

export interface RawRelay {
  readonly url: string;
  close(): Promise<void>;
}

interface Payload {
  readonly conversationId: string;
  readonly text: string;
}

type Ack = (reply: { ok: true; seq: number }) => void;

export async function startRawRelay(): Promise<RawRelay> {
  const http = createServer();
  const server = new Server(http, { path: '/socket.io', serveClient: false });
  const seqs = new Map<string, number>();
  const relay = (to: string, p: Payload, from: 'customer' | 'rep', ack: Ack) => {
    const seq = (seqs.get(p.conversationId) ?? 0) + 1;
    seqs.set(p.conversationId, seq);
    server.to(to).emit('message', { conversationId: p.conversationId, seq, from: { kind: from }, text: p.text });
    ack({ ok: true, seq });
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

/** `customers` conversations, conversation i served by rep i % reps. */
export async function openRaw(o: { url: string; customers: number; reps: number }, receive: Receive): Promise<OpenedPath> {
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
      customerSays: (text) => send(customers[i]!, 'message:send', { conversationId: id, text }),
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
