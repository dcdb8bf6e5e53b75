import type { IncomingHttpHeaders } from 'node:http';
import { credentialsOf, type OriginPolicy, sameOrigin } from './guard.ts';
import type { Principal } from './policy.ts';
import type { Sessions } from './sessions.ts';

/** The parts of a Socket.io handshake authentication looks at (`socket.handshake`). */
export interface HandshakeLike {
  readonly headers: IncomingHttpHeaders;
  readonly auth?: Record<string, unknown> | undefined;
}

export type HandshakeRefusal = { readonly code: 'AUTH_REQUIRED' | 'AUTH_INVALID' | 'ORIGIN'; readonly message: string };
export type HandshakeResult =
  | { readonly ok: true; readonly principal: Principal }
  | ({ readonly ok: false } & HandshakeRefusal);

/**
 * Authenticates a socket on connect from `auth.token` (console script or API client), an Authorization header or
 * the `hub_session` cookie. A cookie is sent by the browser on its own, so a cookie handshake from another site's
 * page (cross-site WebSocket hijacking) is refused by its Origin. Middleware runs once per connection; long-lived
 * sockets re-check with `Sessions.revalidate` per event and are closed on revocation (`disconnectRevoked`).
 */
export async function authenticateHandshake(
  sessions: Sessions,
  policy: OriginPolicy,
  handshake: HandshakeLike,
): Promise<HandshakeResult> {
  const credentials = credentialsOf(handshake.headers, handshake.auth?.token);
  if (!credentials) return { ok: false, code: 'AUTH_REQUIRED', message: 'rep sign-in required (auth.token or hub_session cookie)' };
  if (credentials.via === 'cookie' && !sameOrigin(handshake.headers, policy)) {
    return { ok: false, code: 'ORIGIN', message: 'sockets from another site are refused' };
  }
  const principal = await sessions.verify(credentials.token);
  if (!principal) return { ok: false, code: 'AUTH_INVALID', message: 'the session has ended; sign in again' };
  return { ok: true, principal };
}

/** What `disconnectRevoked` needs of a Socket.io server: fetchSockets spans every node through the adapter. */
export interface SocketDirectory {
  fetchSockets(): Promise<readonly { readonly data: unknown; disconnect(close?: boolean): unknown }[]>;
}

/** Closes every socket (on any node) signed in with one of the ended sessions. */
export async function disconnectRevoked(io: SocketDirectory, sessionIds: readonly string[]): Promise<number> {
  const ended = new Set(sessionIds);
  let closed = 0;
  for (const socket of await io.fetchSockets()) {
    const principal = (socket.data as { principal?: Principal } | undefined)?.principal;
    if (principal && ended.has(principal.sessionId)) {
      socket.disconnect(true);
      closed++;
    }
  }
  return closed;
}
