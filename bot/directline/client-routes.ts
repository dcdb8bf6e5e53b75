import restify, { type Request, type Server } from 'restify';
import { z } from 'zod';
import { HttpError, notFound, parseBody, route } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';
import { type Activity, clientActivitySchema, parseWatermark } from './activity.ts';
import { assertConversation, authenticate, bearer, type Principal, secretMatches } from './auth.ts';
import type { DirectLineChannel, UserRef } from './channel.ts';
import type { TokenService } from './tokens.ts';
import { readUpload } from './upload.ts';

export interface ClientRouteOptions {
  readonly channel: DirectLineChannel;
  readonly tokens: TokenService;
  readonly secret: string | undefined;
  readonly maxBodyBytes: number;
  /** Absolute base URL (http[s]://host) a client used to reach us; used for streamUrl and attachment links. */
  readonly baseUrl: (req: Request) => string;
  readonly log: Logger;
}

/** Direct Line user ids a caller may choose (Azure requires the dl_ prefix for them too). */
const DL_USER_ID = /^dl_[A-Za-z0-9_-]{1,64}$/;

const userSchema = z.object({
  id: z.string().regex(DL_USER_ID, 'must start with dl_ and use letters, digits, _ or -').optional(),
  name: z.string().trim().min(1).max(100).optional(),
});
const generateSchema = z.object({ user: userSchema.optional() }).passthrough().optional();
const startSchema = z
  .object({ user: z.object({ id: z.string().max(128).optional(), name: z.string().max(100).optional() }).optional(), locale: z.string().max(20).optional() })
  .passthrough()
  .optional();

/** Direct Line 3.0 as clients (DirectLineJS, Web Chat, our widget) speak it. */
export function mountClientRoutes(server: Server, o: ClientRouteOptions): void {
  const base = '/v3/directline';
  const body = restify.plugins.bodyParser({ maxBodySize: o.maxBodyBytes, mapParams: false, mapFiles: false });
  const r = (handler: Parameters<typeof route>[1]) => route(o.log, handler);

  const principalFor = async (req: Request) => authenticate(bearer(req), o.tokens, o.secret);

  /** Loads the conversation named in the path and checks the caller may open it: 404 before 403. */
  async function authorised(req: Request): Promise<{ principal: Principal; conversationId: string; user: UserRef }> {
    const principal = await principalFor(req);
    const conversationId = String(req.params.conversationId);
    const conversation = await o.channel.getConversation(conversationId);
    if (!conversation) throw notFound('Conversation');
    assertConversation(principal, conversationId);
    return { principal, conversationId, user: { id: conversation.userId, name: conversation.userName ?? undefined } };
  }

  const streamUrl = (req: Request, conversationId: string, token: string, watermark?: string) => {
    const ws = o.baseUrl(req).replace(/^http/, 'ws');
    const wm = watermark !== undefined ? `&watermark=${encodeURIComponent(watermark)}` : '';
    return `${ws}${base}/conversations/${encodeURIComponent(conversationId)}/stream?t=${encodeURIComponent(token)}${wm}`;
  };

  server.post(`${base}/tokens/generate`, body, r(async (req, res) => {
    if (!secretMatches(bearer(req), o.secret)) throw new HttpError(403, 'Forbidden', 'tokens/generate needs the Direct Line secret');
    const input = parseBody(generateSchema, req.body ?? undefined);
    const reserved = await o.channel.reserve(input?.user);
    res.json({ conversationId: reserved.conversationId, token: reserved.token, expires_in: reserved.expires_in });
  }));

  server.post(`${base}/tokens/refresh`, r(async (req, res) => {
    const principal = await principalFor(req);
    if (principal.kind !== 'token') throw new HttpError(400, 'BadArgument', 'tokens/refresh takes a token, not the secret');
    const issued = await o.tokens.issue(principal.claims);
    res.json({ conversationId: principal.claims.conversationId, ...issued });
  }));

  server.post(`${base}/conversations`, body, r(async (req, res) => {
    const principal = await principalFor(req);
    const input = parseBody(startSchema, req.body ?? undefined);
    let conversationId: string;
    let token: string;
    let expiresIn: number;
    let user: UserRef;
    if (principal.kind === 'token') {
      ({ conversationId } = principal.claims);
      const conversation = await o.channel.getConversation(conversationId);
      if (!conversation) throw notFound('Conversation');
      token = principal.token;
      expiresIn = Math.max(0, Math.round((principal.expiresAt - Date.now()) / 1000));
      user = { id: conversation.userId, name: conversation.userName ?? undefined };
    } else {
      const requested = input?.user?.id;
      const reserved = await o.channel.reserve({
        id: requested && DL_USER_ID.test(requested) ? requested : undefined,
        name: input?.user?.name,
      });
      ({ conversationId, token } = reserved);
      expiresIn = reserved.expires_in;
      user = { id: reserved.userId, name: input?.user?.name };
    }
    const created = await o.channel.start(conversationId, user, input?.locale);
    res.status(created ? 201 : 200);
    res.json({ conversationId, token, expires_in: expiresIn, streamUrl: streamUrl(req, conversationId, token) });
  }));

  server.get(`${base}/conversations/:conversationId`, r(async (req, res) => {
    const { principal, conversationId } = await authorised(req);
    const token = principal.kind === 'token' ? principal.token : (await o.channel.tokenFor(conversationId)).token;
    const watermark = typeof req.query?.watermark === 'string' ? req.query.watermark : undefined;
    res.json({ conversationId, token, expires_in: o.tokens.ttlSeconds, streamUrl: streamUrl(req, conversationId, token, watermark) });
  }));

  server.get(`${base}/conversations/:conversationId/activities`, r(async (req, res) => {
    const { conversationId } = await authorised(req);
    res.json(await o.channel.activitiesAfter(conversationId, parseWatermark(req.query?.watermark)));
  }));

  server.post(`${base}/conversations/:conversationId/activities`, body, r(async (req, res) => {
    const { principal, conversationId, user } = await authorised(req);
    const activity = parseBody(clientActivitySchema, req.body) as Activity;
    // With the secret the caller names the user; with a token the token does, whatever `from.id` says.
    const sender = principal.kind === 'secret' ? { id: activity.from!.id, name: activity.from!.name } : user;
    res.json(await o.channel.fromUser(conversationId, sender, activity));
  }));

  server.post(`${base}/conversations/:conversationId/upload`, r(async (req, res) => {
    const { principal, conversationId, user } = await authorised(req);
    const upload = await readUpload(req, { maxBytes: Math.max(o.maxBodyBytes, 4 * 1024 * 1024), maxFiles: 10 });
    const attachments = [];
    for (const file of upload.files) {
      const id = await o.channel.saveAttachment(conversationId, file);
      attachments.push({ contentType: file.contentType, name: file.name, contentUrl: `${o.baseUrl(req)}${base}/attachments/${id}` });
    }
    const activity = parseBody(clientActivitySchema, upload.activity ?? { type: 'message', from: { id: user.id } }, 'activity') as Activity;
    const sender = principal.kind === 'secret' ? { id: activity.from!.id, name: activity.from!.name } : user;
    res.json(await o.channel.fromUser(conversationId, sender, { ...activity, attachments }));
  }));

  // Capability URL: the 128-bit id is the permission, as with Azure's 24-hour upload links.
  server.get(`${base}/attachments/:attachmentId`, r(async (req, res) => {
    const file = await o.channel.getAttachment(String(req.params.attachmentId));
    if (!file) throw notFound('Attachment');
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-disposition', `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.sendRaw(200, file.bytes);
  }));
}
