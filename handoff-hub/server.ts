import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { Logger } from '../core/logger.ts';
import type { HandshakeLike, HandshakeResult, Principal } from './auth/index.ts';
import type { Hub } from './service/hub.ts';
import { bindConsoleSockets } from './sockets.ts';

export interface HubServer {
  readonly io: Server;
  close(): Promise<void>;
}

/** Authenticates a handshake: the auth component's `authenticateHandshake`, passed in by the composition root. */
export type HandshakeAuthenticator = (handshake: HandshakeLike) => Promise<HandshakeResult>;

/**
 * Largest Socket.io packet: well above the 4000-character message limit, so an oversized message gets the
 * protocol's `too-large` answer instead of a dropped connection; far below what could hurt the server.
 */
const MAX_PACKET_BYTES = 256 * 1024;

/**
 * The engagement hub's Socket.io endpoint, on the bot's HTTP port. Every connection must present a live rep session
 * (cookie, Authorization header or `auth.token`); its principal is kept in `socket.data.principal`.
 * With REDIS_URL the Redis Streams adapter joins several nodes (it keeps connection-state recovery working).
 */
export async function attachHub(
  http: HttpServer,
  o: { redisUrl: string | undefined; redisPrefix?: string; log: Logger; authenticate: HandshakeAuthenticator; revalidate: (p: Principal) => Promise<Principal | undefined>; hub: Hub },
): Promise<HubServer> {
  const redis = o.redisUrl ? createClient({ url: o.redisUrl }) : undefined;
  if (redis) {
    redis.on('error', (error: unknown) => o.log.warn({ err: error }, 'hub redis connection error'));
    await redis.connect();
  }
  const io = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: MAX_PACKET_BYTES,
    // The Direct Line stream shares this port; engine.io must leave its upgrades alone.
    destroyUpgrade: false,
    cors: { origin: false },
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    ...(redis ? { adapter: createAdapter(redis, redisNames(o.redisPrefix ?? '')) } : {}),
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
  const sockets = bindConsoleSockets(io, o.hub, { log: o.log, revalidate: o.revalidate });
  return {
    io,
    async close() {
      sockets.close(); // before the sockets go: their sign-out bookkeeping needs Redis, which closes next
      // Not io.close(): that also closes the HTTP server, which the composition root shuts down itself.
      io.disconnectSockets(true);
      io.engine.close();
      if (redis?.isOpen) await redis.quit();
    },
  };
}

/** Every Redis name the adapter uses carries the deployment's prefix, so deployments sharing a Redis stay apart. */
function redisNames(prefix: string) {
  return { streamName: `${prefix}socket.io`, channelPrefix: `${prefix}socket.io`, sessionKeyPrefix: `${prefix}sio:session:` };
}
