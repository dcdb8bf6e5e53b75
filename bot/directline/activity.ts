import { z } from 'zod';

/**
 * The parts of a Bot Framework Activity the channel relies on. Other fields pass through untouched (the bot and
 * Web Chat use many), but the object must be JSON of bounded size, which the body parser already enforces.
 */
const account = z.object({ id: z.string().min(1).max(256), name: z.string().max(256).optional() }).passthrough();

export const clientActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    from: account,
    text: z.string().max(100_000).optional(),
    channelData: z.record(z.string(), z.unknown()).optional(),
    attachments: z.array(z.record(z.string(), z.unknown())).max(50).optional(),
  })
  .passthrough();

export const botActivitySchema = z
  .object({
    type: z.string().min(1).max(64),
    conversation: z.object({ id: z.string().min(1) }).passthrough().optional(),
  })
  .passthrough();

export type Activity = Record<string, unknown> & {
  type: string;
  id?: string;
  timestamp?: string;
  from?: { id: string; name?: string; role?: string };
  channelData?: Record<string, unknown>;
};

export const activityId = (conversationId: string, seq: number) => `${conversationId}|${String(seq).padStart(7, '0')}`;

/** Watermarks are opaque to clients; ours is the sequence number of the last activity they have. */
export function parseWatermark(raw: unknown): number {
  if (typeof raw !== 'string' || raw === '' || raw === 'undefined' || raw === 'null') return -1;
  const n = Number.parseInt(raw, 10);
  return Number.isInteger(n) && n >= -1 ? n : -1;
}

/** Activity types Direct Line never shows to clients (bot-to-channel plumbing). */
export const hiddenFromClients = new Set(['conversationUpdate', 'installationUpdate']);
