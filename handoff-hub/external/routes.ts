import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import restify, { type Next, type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import { HttpError, notFound, parseBody, route, sendError } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';
import { HandoffRejected } from '../service/types.ts';
import { addressOf, type BotConversation, customerChoice, customerMessage, handoffEnvelope, hubReference, statusActivity } from './activities.ts';
import type { ExternalBot } from './config.ts';
import { channelName, DEFAULT_CALLBACK_TIMEOUT_MS, postActivity } from './webhook-channel.ts';

/** The part of the Hub these routes use; `Hub` satisfies it. */
export interface ExternalHub {
  initiate(event: unknown, reference: unknown, channel: string): Promise<{ hubConversationId: string }>;
  customerMessage(hubConversationId: string, message: { id: string; text: string; at: string }): Promise<{ accepted: boolean }>;
  customerChoice(hubConversationId: string, choice: 'leave-message' | 'return-to-bot'): Promise<{ done: boolean }>;
  conversation(id: string): Promise<{ readonly channel: string; readonly state: string } | undefined>;
}

export interface ExternalBotsOptions {
  readonly hub: ExternalHub;
  readonly bots: readonly ExternalBot[];
  readonly log: Logger;
  /** Largest `handoff.initiate` taken (it carries the transcript); default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** For the `handoff.status failed` posted back when a handoff is refused. */
  readonly timeoutMs?: number;
}

/** States in which the hub no longer has the customer: the bot answers them again. */
const ENDED = new Set(['closed', 'bot', 'wrap-up']);
const conversationId = z.string().min(1).max(100);

/**
 * The HTTP side of handoffs from other Bot Framework bots (EXTERNAL_BOTS.md): `POST /api/hub/handoff` takes a
 * `handoff.initiate` event, `POST /api/hub/conversations/:id/messages` the customer's messages, and
 * `POST /api/hub/conversations/:id/choice` a waiting customer's choice. Each bot sees only its own conversations.
 * Nothing is mounted when no bot is configured.
 */
export function mountExternalBots(server: Server, o: ExternalBotsOptions): void {
  if (o.bots.length === 0) return;
  const { hub, log } = o;
  const callers = new WeakMap<Request, ExternalBot>();
  const authenticate = bearerAuth(o.bots, callers, log);
  const caller = (req: Request) => callers.get(req)!;
  const handoffBody = restify.plugins.bodyParser({ maxBodySize: o.maxBodyBytes ?? 1024 * 1024, mapParams: false, mapFiles: false });
  const smallBody = restify.plugins.bodyParser({ maxBodySize: 64 * 1024, mapParams: false, mapFiles: false });

  /** The conversation, if it is this bot's and the hub still has it; else 404 (not its, or unknown) or 409. */
  const open = async (req: Request): Promise<string> => {
    const bot = caller(req);
    const id = parseBody(conversationId, req.params.id, 'path.id');
    const conversation = await hub.conversation(id);
    if (!conversation || conversation.channel !== channelName(bot.id)) throw notFound(`conversation ${id}`);
    if (ENDED.has(conversation.state)) throw handoffEnded(id, conversation.state);
    return id;
  };

  server.post('/api/hub/handoff', authenticate, handoffBody, route(log, async (req, res) => {
    const bot = caller(req);
    const to = addressOf(parseBody(handoffEnvelope, req.body));
    try {
      const { hubConversationId } = await hub.initiate(req.body, hubReference(bot.id, to), channelName(bot.id));
      log.info({ bot: bot.id, hubConversationId }, 'handoff from an external bot');
      res.send(202, { hubConversationId });
    } catch (error) {
      if (!(error instanceof HandoffRejected)) throw error;
      // The standard protocol's answer as well, for a bot that reacts to handoff.status rather than to HTTP codes.
      tellRefused(bot, to, error.message, o.timeoutMs ?? DEFAULT_CALLBACK_TIMEOUT_MS, log);
      throw new HttpError(400, 'InvalidHandoff', error.message, { cause: error });
    }
  }));

  server.post('/api/hub/conversations/:id/messages', authenticate, smallBody, route(log, async (req, res) => {
    const id = await open(req);
    const m = parseBody(customerMessage, req.body);
    const { accepted } = await hub.customerMessage(id, { id: m.id, text: m.text, at: m.timestamp ?? new Date().toISOString() });
    // It ended between the check and the write.
    if (!accepted) throw handoffEnded(id, 'over');
    res.send(200, { accepted: true });
  }));

  server.post('/api/hub/conversations/:id/choice', authenticate, smallBody, route(log, async (req, res) => {
    const id = await open(req);
    const { choice } = parseBody(customerChoice, req.body);
    const { done } = await hub.customerChoice(id, choice);
    if (!done) throw new HttpError(409, 'ChoiceRefused', `conversation ${id} is no longer waiting: ${choice} does not apply`);
    res.send(200, { done: true });
  }));
}

function handoffEnded(id: string, state: string): HttpError {
  return new HttpError(409, 'HandoffEnded', `the handoff of conversation ${id} is over (${state}): the bot answers the customer again`);
}

/**
 * Finds the bot by its secret. Hashing first makes every comparison the same length, so timing says nothing about
 * how much of a guess was right; every bot is compared, so it says nothing about which one was close either.
 */
function bearerAuth(bots: readonly ExternalBot[], callers: WeakMap<Request, ExternalBot>, log: Logger) {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const known = bots.map((bot) => ({ bot, hash: digest(bot.secret) }));
  return (req: Request, res: Response, next: Next): void => {
    const given = digest(/^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '');
    let found: ExternalBot | undefined;
    for (const k of known) if (timingSafeEqual(given, k.hash)) found = k.bot;
    if (!found) {
      log.warn({ path: req.path() }, 'external bot request refused: unknown secret');
      sendError(res, log, new HttpError(401, 'Unauthorized', "send the bot's secret as a bearer token", { headers: { 'www-authenticate': 'Bearer' } }), req);
      return next(false);
    }
    callers.set(req, found);
    next();
  };
}

/** Posts `handoff.status failed` to the bot; it already has the 400, so a failure here is only logged. */
function tellRefused(bot: ExternalBot, to: BotConversation, message: string, timeoutMs: number, log: Logger): void {
  const activity = statusActivity(to, { state: 'failed', message }, { id: `hub-refused-${randomUUID()}` });
  postActivity(bot, activity, timeoutMs).catch((error: unknown) => log.warn({ err: error, bot: bot.id }, 'could not post handoff.status failed to the external bot'));
}
