/**
 * The console's one Socket.io connection to the hub (same origin, so the browser sends the httpOnly session cookie
 * with the handshake; the hub checks its Origin). Requests go out as the protocol's events and come back through the
 * acknowledgement; a refusal becomes a HubError carrying the protocol's code.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientEventName, ClientPayload, ErrorCode, ServerEvents } from './types.ts';

const ACK_TIMEOUT_MS = 10_000;

export class HubError extends Error {
  override name = 'HubError';
  constructor(
    readonly code: ErrorCode | 'timeout',
    message: string,
  ) {
    super(message);
  }
}

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'signed-out';

export interface HubClientEvents {
  /** Connected, the first time and after every reconnect: the console resynchronises. */
  online(): void;
  status(status: ConnectionStatus): void;
  /**
   * The server closed the socket: its session ended (sign-out elsewhere, account disabled), or its node is shutting
   * down. Socket.io does not reconnect by itself after this; the console checks the session and decides.
   */
  closedByServer(): void;
}

export class HubClient {
  // Untyped emits: the payload types are checked by `request`/`notify` against the protocol's client events.
  readonly #socket: Socket<ServerEvents, Record<string, (...args: unknown[]) => void>>;

  constructor(events: HubClientEvents) {
    this.#socket = io({ path: '/socket.io', transports: ['websocket'], withCredentials: true, autoConnect: false, reconnectionDelayMax: 5000 });
    this.#socket.on('connect', () => {
      events.status('online');
      events.online();
    });
    this.#socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      events.status('reconnecting');
      if (reason === 'io server disconnect') events.closedByServer();
    });
    this.#socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      events.status(error.data?.code === 'unauthorised' ? 'signed-out' : 'reconnecting');
      if (error.data?.code === 'unauthorised') this.#socket.disconnect();
    });
  }

  connect(): void {
    this.#socket.connect();
  }

  disconnect(): void {
    this.#socket.disconnect();
  }

  on<E extends keyof ServerEvents>(event: E, listener: ServerEvents[E]): void {
    this.#socket.on(event, listener as never);
  }

  /** Sends a client event and resolves with the acknowledgement's payload, or rejects with a HubError. */
  async request<T extends object = Record<string, never>, E extends ClientEventName = ClientEventName>(event: E, payload: ClientPayload<E>): Promise<T> {
    let reply: Ack<T>;
    try {
      reply = (await this.#socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<T>;
    } catch {
      throw new HubError('timeout', `the hub did not answer "${event}" in time; try again`);
    }
    if (!reply.ok) throw new HubError(reply.error.code, reply.error.message);
    return reply;
  }

  /** Fire and forget (typing, read marks): nothing to tell the rep if one is lost. */
  notify<E extends ClientEventName>(event: E, payload: ClientPayload<E>): void {
    if (this.#socket.connected) this.#socket.emit(event, payload);
  }
}
