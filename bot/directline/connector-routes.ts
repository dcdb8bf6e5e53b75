import restify, { type Request, type Server } from 'restify';
import { HttpError, notFound, parseBody, route } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';
import { type Activity, botActivitySchema } from './activity.ts';
import { secretMatches } from './auth.ts';
import type { DirectLineChannel } from './channel.ts';
import type { DirectLineStore } from './store.ts';

export const CONNECTOR_PREFIX = '/directline-channel';

/**
 * The Bot Connector API the bot calls back on (`serviceUrl`). With no app id botbuilder sends no credentials, so
 * the unguessable channel key in the path is what keeps anyone else from speaking as the bot.
 */
export function mountConnectorRoutes(
  server: Server,
  o: { channel: DirectLineChannel; store: DirectLineStore; channelKey: string; maxBodyBytes: number; log: Logger },
): void {
  const base = `${CONNECTOR_PREFIX}/:channelKey/v3/conversations/:conversationId`;
  const body = restify.plugins.bodyParser({ maxBodySize: o.maxBodyBytes, mapParams: false, mapFiles: false });

  /** The conversation named in the path, once the channel key checked out. */
  async function target(req: Request) {
    if (!secretMatches(String(req.params.channelKey), o.channelKey)) throw notFound('Resource');
    const conversation = await o.channel.getConversation(String(req.params.conversationId));
    if (!conversation) throw notFound('Conversation');
    return conversation;
  }

  const send = route(o.log, async (req, res) => {
    const { id: conversationId } = await target(req);
    const activity = parseBody(botActivitySchema, req.body) as Activity;
    const replyTo = req.params.activityId ? String(req.params.activityId) : undefined;
    res.json(await o.channel.fromBot(conversationId, activity, replyTo));
  });
  server.post(`${base}/activities`, body, send);
  server.post(`${base}/activities/:activityId`, body, send);

  server.put(`${base}/activities/:activityId`, body, route(o.log, async (req, res) => {
    const { id: conversationId } = await target(req);
    const activityId = String(req.params.activityId);
    const seq = seqOf(conversationId, activityId);
    const activity = parseBody(botActivitySchema, req.body) as Activity;
    const replaced = await o.store.replace(conversationId, seq, { ...activity, id: activityId });
    if (!replaced) throw notFound('Activity');
    res.json({ id: activityId });
  }));

  server.get(`${base}/members`, route(o.log, async (req, res) => {
    const conversation = await target(req);
    res.json([{ id: conversation.userId, name: conversation.userName ?? undefined }]);
  }));

  server.del(`${base}/activities/:activityId`, route(o.log, async (req) => {
    await target(req);
    throw new HttpError(405, 'MethodNotAllowed', 'Direct Line does not support deleting activities');
  }));
}

function seqOf(conversationId: string, activityId: string): number {
  const [conv, seq] = activityId.split('|');
  const n = Number.parseInt(seq ?? '', 10);
  if (conv !== conversationId || !Number.isInteger(n)) throw notFound('Activity');
  return n;
}
