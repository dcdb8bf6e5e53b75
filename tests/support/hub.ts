import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ChatMessage, ClientEventName, ServerEvents } from '../../handoff-hub/protocol.ts';
import { ADMIN, createAccount, signIn, signInForToken } from '../handoff-hub/auth-support.ts';
import { startTestApp, type TestApp } from './app.ts';
import { waitFor } from './wait.ts';

/**
 * Hub test kit: the whole server with an admin and quick deadlines, queues always open (unless a test writes its
 * own file), and rep consoles as plain Socket.io clients that record what the hub tells them.
 */

/** Queues that are always open; offers lapse after `offerSeconds` (short for tests, long for a browser's clicks). */
export function openQueues(o: { offerSeconds: number; reconnectSeconds: number } = { offerSeconds: 2, reconnectSeconds: 2 }): string {
  return `
routing:
  offerTimeoutSeconds: ${o.offerSeconds}
  reconnectWindowSeconds: ${o.reconnectSeconds}
  declineCooldownSeconds: 60
queues:
  - id: general
    name: General support
    languages: [en]
    maxWaitSeconds: 3600
  - id: billing
    name: Billing
    skills: [billing]
    maxWaitSeconds: 3600
    overflowQueue: general
  - id: accounts
    name: Accounts and sign-in
    skills: [accounts]
    maxWaitSeconds: 3600
    overflowQueue: general
`;
}

export const ALWAYS_OPEN_QUEUES = openQueues();

/** A general queue that is never open: no days in its week. */
export const CLOSED_QUEUES = `
queues:
  - id: general
    name: General support
    maxWaitSeconds: 600
    businessHours:
      timeZone: Europe/London
      weekly: {}
`;

/** One folder per test process for the queue files it writes, removed when the process exits. */
let folder: string | undefined;

/** Writes a queues file for a test server and returns its path. */
export function queuesFile(yaml: string): string {
  if (!folder) {
    const made = mkdtempSync(join(tmpdir(), 'hub-queues-'));
    process.once('exit', () => rmSync(made, { recursive: true, force: true }));
    folder = made;
  }
  const path = join(folder, `queues-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, yaml);
  return path;
}

export async function startHubApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp({
    HUB_ADMIN_EMAIL: ADMIN.email,
    HUB_ADMIN_PASSWORD: ADMIN.password,
    HUB_QUEUES_FILE: queuesFile(ALWAYS_OPEN_QUEUES),
    HUB_SWEEP_MS: '100',
    ...env,
  });
}

type Offer = Parameters<ServerEvents['offer']>[0];
type Withdrawn = Parameters<ServerEvents['offer:withdrawn']>[0];
type StateChange = Parameters<ServerEvents['conversation:state']>[0];

/** A rep's console over Socket.io: sends events with acknowledgements and keeps everything the hub sends. */
export class RepConsole {
  readonly offers: Offer[] = [];
  readonly withdrawn: Withdrawn[] = [];
  readonly messages: ChatMessage[] = [];
  readonly states: StateChange[] = [];
  readonly typing: string[] = [];

  private constructor(
    readonly accountId: string,
    readonly socket: Socket,
  ) {
    socket.on('offer', (o: Offer) => this.offers.push(o));
    socket.on('offer:withdrawn', (w: Withdrawn) => this.withdrawn.push(w));
    socket.on('message', (m: ChatMessage) => this.messages.push(m));
    socket.on('conversation:state', (s: StateChange) => this.states.push(s));
    socket.on('typing', (t: { conversationId: string }) => this.typing.push(t.conversationId));
  }

  static async connect(url: string, o: { email: string; password: string; accountId: string }): Promise<RepConsole> {
    const token = await signInForToken(url, o.email, o.password);
    // Listeners first, then connect: the hub may send an offer in the same breath as the connection.
    const socket = io(url, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: true, reconnectionDelay: 100, autoConnect: false });
    const rep = new RepConsole(o.accountId, socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
      socket.connect();
    });
    return rep;
  }

  send<T = Record<string, unknown>>(event: ClientEventName | string, payload: unknown): Promise<Ack<T>> {
    return this.socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
  }

  #taken = 0;

  /** The next offer this console has not looked at yet (optionally for one conversation). */
  async nextOffer(conversationId?: string): Promise<Offer> {
    const offer = await waitFor(
      () => this.offers.slice(this.#taken).find((o) => !conversationId || o.conversationId === conversationId),
      `an offer to ${this.accountId}`,
      15_000,
    );
    this.#taken = this.offers.indexOf(offer) + 1;
    return offer;
  }

  async message(predicate: (m: ChatMessage) => boolean, what: string): Promise<ChatMessage> {
    return waitFor(() => this.messages.find(predicate), what, 15_000);
  }

  close(): void {
    this.socket.disconnect();
  }
}

export interface Staff {
  readonly email: string;
  readonly password: string;
  readonly accountId: string;
}

let counter = 0;

/** Creates a staff account through the admin API (skills, capacity as given). */
export async function createStaff(url: string, o: { role?: 'rep' | 'supervisor' | 'admin'; name: string; skills?: string[]; capacity?: number }): Promise<Staff> {
  const admin = await signIn(url, ADMIN.email, ADMIN.password);
  const email = `${o.name.toLowerCase()}-${process.pid}-${++counter}@example.com`;
  const password = `password-${o.name}-0123456789`;
  const accountId = await createAccount(url, admin, {
    email,
    password,
    role: o.role ?? 'rep',
    displayName: o.name,
    ...(o.skills ? { skills: o.skills } : {}),
    ...(o.capacity !== undefined ? { capacity: o.capacity } : {}),
  });
  return { email, password, accountId };
}
