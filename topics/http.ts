import type { Request, Server } from 'restify';
import { route } from '../core/http/index.ts';
import type { Logger } from '../core/logger.ts';
import type { TopicStore } from './load/store.ts';

/**
 * `GET /api/topics/status`: the topics in service, and every error and warning in the files (as
 * `file:line:col path: message`), so a maker sees why an edit did not take effect.
 */
export function mountTopicStatus(server: Server, o: { store: TopicStore; log: Logger; admin: (req: Request) => void }): void {
  server.get('/api/topics/status', route(o.log, async (req, res) => {
    o.admin(req);
    res.setHeader('cache-control', 'no-store');
    res.json(200, o.store.status());
  }));
}
