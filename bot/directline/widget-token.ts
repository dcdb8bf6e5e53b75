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

/** What the widget needs to begin: a conversation-bound token and the Direct Line base to use it with. */
export interface WidgetToken {
  readonly token: string;
  readonly conversationId: string;
  readonly expires_in: number;
  readonly domain: string;
}

export type WidgetTokenIssuer = (req: Request, userName: string | undefined) => Promise<WidgetToken>;

export interface WidgetTokenOptions {
  readonly issue: WidgetTokenIssuer;
  readonly perMinute: number;
  readonly clientIp: (req: Request) => string;
  readonly log: Logger;
}

/**
 * `POST /api/directline/token`: what the widget page calls to begin. It never exposes a secret: the issuer mints a
 * local token, or exchanges the Azure secret for one (as Azure advises). Rate-limited per client address, since
 * each call creates a conversation.
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
    res.json(await o.issue(req, input?.user?.name));
  }));
}

/** Conversations on the local channel. */
export function localTokenIssuer(channel: DirectLineChannel, domain: (req: Request) => string): WidgetTokenIssuer {
  return async (req, userName) => {
    const reserved = await channel.reserve({ name: userName });
    return { token: reserved.token, conversationId: reserved.conversationId, expires_in: reserved.expires_in, domain: domain(req) };
  };
}

/** Conversations on Azure Bot Service's Direct Line: the secret stays on this server. */
export function azureTokenIssuer(azure: { secret: string; domain: string }): WidgetTokenIssuer {
  return async (_req, name) => {
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
    return { ...parsed.data, domain: azure.domain };
  };
}
