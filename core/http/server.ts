import helmet from 'helmet';
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { Sql } from '../storage/index.ts';

/**
 * What every route shares: request ids, one access-log line per request, security headers, restify's own errors
 * in our JSON shape, CORS for the widget's cross-origin calls, and the health probes.
 */
export function installHttpBasics(
  server: Server,
  o: { sql: Sql; log: Logger; metrics: Metrics; azureDomain: string | undefined; httpsOnly: boolean },
): void {
  const { log } = o;
  server.pre((req: Request, res: Response, next: () => void) => {
    res.setHeader('x-request-id', req.getId());
    (req as Request & { startedAt?: bigint }).startedAt = process.hrtime.bigint();
    next();
  });

  // Token-bearing APIs the widget calls from customers' sites; no cookies are involved, so any origin may call.
  server.pre((req: Request, res: Response, next: (arg?: false) => void) => {
    if (!isWidgetApi(req.path())) return next();
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-expose-headers', 'x-request-id, retry-after');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', 'authorization, content-type, content-disposition, x-ms-bot-agent, x-requested-with');
    res.setHeader('access-control-max-age', '600');
    res.send(204);
    return next(false);
  });

  // Query strings as plain objects on req.query (never merged into req.params, where a query could shadow a path id).
  server.use(restify.plugins.queryParser({ mapParams: false }));

  const connect = ["'self'", 'ws:', 'wss:', ...(o.azureDomain ? [new URL(o.azureDomain).origin] : [])];
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: connect,
        frameAncestors: ["'self'"],
        // Only when we are served over https: on plain http it would send the browser to an https that is not there.
        upgradeInsecureRequests: o.httpsOnly ? [] : null,
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' }, // widget.js loads on customers' sites
  });
  server.use((req: Request, res: Response, next: (error?: unknown) => void) => {
    headers(req as never, res as never, next);
  });

  server.on('restifyError', (req: Request, res: Response, error: Error & { code?: string }, callback: () => void) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) log.error({ err: error, reqId: req.getId() }, 'request failed');
    // restify's body parser, router and method checks answer in the same shape as our own routes.
    // RestError subclasses (InvalidContent, ResourceNotFound…) keep their code in restCode; their `code` is 'Error'.
    const code = (error as { restCode?: string }).restCode ?? error.code ?? error.name;
    (error as { toJSON?: () => unknown }).toJSON = () => ({
      error: { code: code.replace(/Error$/, ''), message: error.message },
    });
    callback();
  });

  server.on('after', (req: Request, res: Response) => {
    const started = (req as Request & { startedAt?: bigint }).startedAt;
    const ms = started ? Number(process.hrtime.bigint() - started) / 1e6 : undefined;
    const line = { reqId: req.getId(), method: req.method, path: req.path(), status: res.statusCode, ms };
    // Label by route pattern, never by raw path: conversation ids would explode the series count.
    const routePath = String((req.getRoute() as { path?: unknown } | undefined)?.path ?? 'unmatched');
    if (ms !== undefined) o.metrics.httpDuration.labels(req.method ?? 'GET', routePath, String(res.statusCode)).observe(ms / 1000);
    if (res.statusCode >= 500) log.error(line, 'request');
    else log.info(line, 'request');
  });

  // HEAD too: load balancers often probe with it.
  for (const method of ['get', 'head'] as const) {
    server[method]('/healthz', async (_req: Request, res: Response) => {
      res.json({ status: 'ok' });
    });
  }
  server.get('/metrics', async (_req: Request, res: Response) => {
    res.setHeader('content-type', o.metrics.registry.contentType);
    res.sendRaw(200, await o.metrics.registry.metrics());
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    try {
      await o.sql.query('SELECT 1');
      res.json({ status: 'ready', storage: o.sql.engine });
    } catch (error) {
      log.warn({ err: error }, 'readiness check failed');
      res.status(503);
      res.json({ status: 'unavailable', storage: o.sql.engine });
    }
  });
}

function isWidgetApi(path: string): boolean {
  return path.startsWith('/v3/directline/') || path === '/api/directline/token';
}
