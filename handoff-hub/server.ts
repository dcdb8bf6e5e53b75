import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { Logger } from '../core/logger.ts';
import type { HandshakeLike, HandshakeResult } from './auth/index.ts';

export interface HubServer {
  readonly io: Server;
  close(): Promise<void>;
}

/** Authenticates a handshake: the auth component's `authenticateHandshake`, passed in by the composition root. */
export type HandshakeAuthenticator = (handshake: HandshakeLike) => Promise<HandshakeResult>;

/**
 * The engagement hub's Socket.io endpoint, on the bot's HTTP port. Every connection must present a live rep session
 * (cookie, Authorization header or `auth.token`); its principal is kept in `socket.data.principal`.
 * With REDIS_URL the Redis Streams adapter joins several nodes (it keeps connection-state recovery working).
 */
export async function attachHub(
  http: HttpServer,
  o: { redisUrl: string | undefined; log: Logger; authenticate: HandshakeAuthenticator },
): Promise<HubServer> {
  const redis = o.redisUrl ? createClient({ url: o.redisUrl }) : undefined;
  if (redis) {
    redis.on('error', (error: unknown) => o.log.warn({ err: error }, 'hub redis connection error'));
    await redis.connect();
  }
  const io = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // The Direct Line stream shares this port; engine.io must leave its upgrades alone.
    destroyUpgrade: false,
    cors: { origin: false },
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    ...(redis ? { adapter: createAdapter(redis) } : {}),
  });
  // Runs on every connection, recovered ones too (skipMiddlewares: false above), so no socket skips sign-in.
  io.use((socket, next) => {
    o.authenticate(socket.handshake).then(
      (result) => {
        if (result.ok) {
          socket.data.principal = result.principal;
          return next();
        }
        next(Object.assign(new Error('unauthorized'), { data: { code: 'unauthorised', reason: result.code, message: result.message } }));
      },
      (error: unknown) => {
        o.log.error({ err: error }, 'hub socket authentication failed');
        next(Object.assign(new Error('unavailable'), { data: { code: 'unavailable', message: 'sign-in check failed; retry shortly' } }));
      },
    );
  });
  return {
    io,
    async close() {
      // Not io.close(): that also closes the HTTP server, which the composition root shuts down itself.
      io.disconnectSockets(true);
      io.engine.close();
      if (redis?.isOpen) await redis.quit();
    },
  };
}
