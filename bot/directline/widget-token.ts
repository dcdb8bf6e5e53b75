import { RateLimiterMemory } from 'rate-limiter-flexible';
import restify, { type Request, type Server } from 'restify';
import { z } from 'zod';
import { HttpError, parseBody, route } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { DirectLineChannel } from './channel.ts';
import { newUserId } from './tokens.ts';

const bodySchema = z
  .object({ user: z.object({ name: z.string().trim().min(1).max(100).optional() }).optional() })
  .optional();

const azureTokenSchema = z.object({ conversationId: z.string(), token: z.string(), expires_in: z.number() });

export interface WidgetTokenOptions {
  readonly channel: DirectLineChannel;
  readonly localDomain: (req: Request) => string;
  readonly azure: { readonly secret: string; readonly domain: string } | undefined;
  readonly perMinute: number;
  readonly clientIp: (req: Request) => string;
  readonly log: Logger;
}

/**
 * `POST /api/directline/token`: what the widget page calls to begin. It never exposes a secret: locally it mints a
 * conversation-bound token; with Azure configured it exchanges the Azure secret for a token (as Azure advises).
 * Rate-limited per client address, since each call creates a conversation.
 */
export function mountWidgetToken(server: Server, o: WidgetTokenOptions): void {
  const limiter = new RateLimiterMemory({ points: o.perMinute, duration: 60 });
  const body = restify.plugins.bodyParser({ maxBodySize: 4096, mapParams: false });

  server.post('/api/directline/token', body, route(o.log, async (req, res) => {
    try {
      await limiter.consume(o.clientIp(req));
    } catch (rejection) {
      const seconds = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000);
      throw new HttpError(429, 'TooManyRequests', 'Too many new conversations; try again shortly', {
        headers: { 'retry-after': String(seconds) },
      });
    }
    const input = parseBody(bodySchema, req.body ?? undefined);
    if (o.azure) {
      res.json({ ...(await azureToken(o.azure, input?.user?.name)), domain: o.azure.domain });
      return;
    }
    const reserved = await o.channel.reserve({ name: input?.user?.name });
    res.json({
      token: reserved.token,
      conversationId: reserved.conversationId,
      expires_in: reserved.expires_in,
      domain: o.localDomain(req),
    });
  }));
}

async function azureToken(azure: { secret: string; domain: string }, name: string | undefined) {
  const response = await fetch(`${azure.domain}/tokens/generate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${azure.secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user: { id: newUserId(), ...(name ? { name } : {}) } }),
    signal: AbortSignal.timeout(10_000),
  }).catch((error: unknown) => {
    throw new HttpError(502, 'UpstreamUnavailable', 'Azure Direct Line is unreachable', { cause: error });
  });
  if (!response.ok) throw new HttpError(502, 'UpstreamError', `Azure Direct Line answered ${response.status}`);
  const parsed = azureTokenSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new HttpError(502, 'UpstreamError', 'Azure Direct Line sent an unexpected token response');
  return parsed.data;
}
