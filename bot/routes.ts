import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import restify, { type Server } from 'restify';
import { z } from 'zod';
import { forbidden, HttpError, parseBody, route } from '../core/http/index.ts';
import type { Logger } from '../core/logger.ts';

const inboundActivity = z
  .object({
    type: z.string().min(1),
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
    from: z.object({ id: z.string().min(1) }).passthrough(),
  })
  .passthrough();

/**
 * `POST /api/messages`. When Bot Framework auth is off (no app id), only activities that carry our own local
 * channel's serviceUrl are processed: otherwise anyone could make the bot POST to an address of their choosing.
 */
export function mountBotEndpoint(
  server: Server,
  o: { adapter: CloudAdapter; bot: ActivityHandler; allowedServiceUrl: (() => string) | undefined; maxBodyBytes: number; log: Logger },
): void {
  const body = restify.plugins.bodyParser({ maxBodySize: o.maxBodyBytes, mapParams: false, mapFiles: false });
  server.post('/api/messages', body, route(o.log, async (req, res) => {
    // The SDK would refuse this too, but prints a stack trace to stderr for each such request.
    if (o.allowedServiceUrl === undefined && !req.header('authorization')) {
      throw new HttpError(401, 'Unauthorized', 'Bot Framework authentication is required');
    }
    if (o.allowedServiceUrl !== undefined) {
      const serviceUrl = (req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl;
      if (serviceUrl !== o.allowedServiceUrl()) {
        o.log.warn({ serviceUrl: typeof serviceUrl === 'string' ? serviceUrl.slice(0, 200) : serviceUrl }, 'refused activity from an unknown channel');
        throw forbidden('This bot accepts activities only from its local Direct Line channel (no MicrosoftAppId is configured)');
      }
    }
    // botbuilder assumes these exist and would fail inside the turn (a 200 with an error log) without them.
    parseBody(inboundActivity, req.body);
    await o.adapter.process(req, res, (context) => o.bot.run(context));
  }));
}
