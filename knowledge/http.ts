import type { Request, Server } from 'restify';
import { z } from 'zod';
import { badRequest, parseBody, route, zodMessage } from '../core/http/index.ts';
import type { Logger } from '../core/logger.ts';
import type { KnowledgeBase } from './base.ts';
import { describeQuery } from './query.ts';

/**
 * The operator API the `knowledge` CLI uses while the server runs (PGlite lets one process open the data):
 * `GET /api/knowledge/status`, `POST /api/knowledge/sync` (progress as NDJSON lines, then the reports) and
 * `GET /api/knowledge/query`. All behind the admin guard.
 */
export function mountKnowledgeApi(server: Server, o: { base: KnowledgeBase; log: Logger; admin: (req: Request) => void }): void {
  server.get('/api/knowledge/status', route(o.log, async (req, res) => {
    o.admin(req);
    res.setHeader('cache-control', 'no-store');
    res.json(200, await o.base.status());
  }));

  server.post('/api/knowledge/sync', route(o.log, async (req, res) => {
    o.admin(req);
    const { source } = parseBody(z.object({ source: z.string().min(1).max(200).optional() }).strict(), req.body ?? {});
    if (source !== undefined && !o.base.sources.some((s) => s.id === source)) throw badRequest(`body.source: no source '${source}'`);
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
    const reports = await o.base.sync({ ...(source ? { source } : {}), onProgress: (p) => res.write(`${JSON.stringify({ progress: p })}\n`) });
    res.end(`${JSON.stringify({ reports })}\n`);
  }));

  server.get('/api/knowledge/query', route(o.log, async (req, res) => {
    o.admin(req);
    const parsed = querySchema.safeParse(req.query ?? {});
    if (!parsed.success) throw badRequest(zodMessage('query', parsed.error));
    const { q, limit, ...context } = parsed.data;
    res.json(200, await describeQuery(o.base, q, context, limit));
  }));
}

const querySchema = z.object({
  q: z.string().trim().min(1).max(2000),
  product: z.string().min(1).max(100).optional(),
  version: z.string().min(1).max(50).optional(),
  audience: z.enum(['external', 'internal']).default('external'),
  limit: z.coerce.number().int().min(1).max(50).default(5),
});
