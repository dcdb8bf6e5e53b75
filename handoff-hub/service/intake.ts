import { z } from 'zod';
import { handoffContextSchema, type HandoffContext } from '../../core/handoff/index.ts';
import type { Sender } from '../protocol.ts';

/**
 * Reading a Bot Framework `handoff.initiate` event (EventFactory.createHandoffInitiation) from any bot: the context
 * in `value` against the shared versioned schema, the transcript from the `Transcript` attachment. A problem comes
 * back as one sentence naming the field, for `handoff.status failed` and the bot's log.
 */

const referenceSchema = z.looseObject({
  channelId: z.string().min(1).max(100),
  conversation: z.looseObject({ id: z.string().min(1).max(400) }),
});

/** Lenient on purpose: a line the hub cannot read is left out, never a reason to refuse the handoff. */
const optionalText = z.string().nullish().catch(undefined);
const transcriptActivity = z.looseObject({
  type: z.string(),
  id: z.string().max(400).nullish().catch(undefined),
  text: optionalText,
  // A Date inside the bot's process, an ISO string on the wire.
  timestamp: z.union([z.string(), z.date()]).nullish().catch(undefined),
  from: z.looseObject({ id: optionalText, name: optionalText, role: optionalText }).nullish().catch(undefined),
});

const eventSchema = z.looseObject({
  type: z.literal('event', 'the activity type must be "event"'),
  name: z.literal('handoff.initiate', 'the event name must be "handoff.initiate"'),
  value: z.unknown(),
  attachments: z.array(z.looseObject({ name: z.string().optional(), contentType: z.string().optional(), content: z.unknown() })).max(10).optional(),
});

export interface Initiation {
  readonly context: HandoffContext;
  readonly reference: Record<string, unknown>;
  /** `channelId/conversationId`: one open handoff per bot conversation. */
  readonly customerKey: string;
  /** The bot part of the conversation, oldest first, as hub messages. */
  readonly transcript: readonly { readonly key: string; readonly from: Sender; readonly text: string; readonly at: Date }[];
}

/** Most transcript lines a handoff brings along (the newest are kept). */
const MAX_TRANSCRIPT = 500;
const MAX_TEXT = 4000;

export function readInitiation(event: unknown, reference: unknown, now: Date): { ok: true; initiation: Initiation } | { ok: false; message: string } {
  const e = eventSchema.safeParse(event);
  if (!e.success) return { ok: false, message: describe('event', e.error) };
  const r = referenceSchema.safeParse(reference);
  if (!r.success) return { ok: false, message: describe('conversation reference', r.error) };
  const c = handoffContextSchema.safeParse(e.data.value);
  if (!c.success) return { ok: false, message: describe('handoff context', c.error) };
  const context = c.data;
  const bot = String((r.data as { bot?: { id?: unknown } }).bot?.id ?? context.va_BotId);
  const customerName = context.customer.name ?? 'Customer';
  // EventFactory names it `Transcript` (content type application/json); some bots put the name in the type.
  const attachment = e.data.attachments?.find((a) => a.name === 'Transcript' || a.contentType === 'Transcript');
  const activities = z.object({ activities: z.array(z.unknown()).max(5000) }).safeParse(attachment?.content);
  const transcript = (activities.success ? activities.data.activities : [])
    .map((a) => transcriptActivity.safeParse(a))
    .flatMap((p, i) => (p.success && p.data.type === 'message' && p.data.text?.trim() ? [{ a: p.data, i }] : []))
    .slice(-MAX_TRANSCRIPT)
    .map(({ a, i }) => {
      const fromBot = a.from?.role === 'bot' || (a.from?.id !== undefined && a.from.id === bot);
      const from: Sender = fromBot
        ? { kind: 'bot', id: a.from?.id?.slice(0, 200) ?? bot, name: context.va_BotName || 'Bot' }
        : { kind: 'customer', id: context.customer.id, name: customerName };
      const stamp = a.timestamp ? new Date(a.timestamp) : undefined;
      const at = stamp && !Number.isNaN(stamp.getTime()) ? stamp : now;
      return { key: `t:${i}:${a.id ?? ''}`.slice(0, 200), from, text: clip(a.text!), at };
    });
  return {
    ok: true,
    initiation: { context, reference: r.data, customerKey: `${r.data.channelId}/${r.data.conversation.id}`, transcript },
  };
}

function describe(what: string, error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `invalid ${what}: ${path}: ${issue.message}`;
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}
