import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { Logger } from '../core/logger.ts';

export interface HubServer {
  readonly io: Server;
  close(): Promise<void>;
}

/**
 * The engagement hub's Socket.io endpoint, on the bot's HTTP port. Every connection must present a rep session;
 * rep sign-in, routing and live chat are built on this in the handoff work, so until then no client is admitted.
 * With REDIS_URL the Redis Streams adapter joins several nodes (it keeps connection-state recovery working).
 */
export async function attachHub(http: HttpServer, o: { redisUrl: string | undefined; log: Logger }): Promise<HubServer> {
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
  io.use((_socket, next) => {
    next(Object.assign(new Error('unauthorized'), { data: { code: 'AUTH', message: 'rep sign-in required' } }));
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
