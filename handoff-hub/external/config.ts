import { z } from 'zod';

/**
 * Which other Bot Framework bots may hand conversations to the hub: each has an id (it names the hub channel
 * `webhook:<id>`), the URL the hub posts activities to, and its own secret. The secret is how the hub tells callers
 * apart, so no bot can act for another, and one bot's secret can be changed without touching the others.
 */
export interface ExternalBot {
  readonly id: string;
  readonly callbackUrl: string;
  readonly secret: string;
}

/** The variable core/config.ts reads the list from (a JSON array; see EXTERNAL_BOTS.md). */
export const EXTERNAL_BOTS_VARIABLE = 'HUB_EXTERNAL_BOTS';

const botSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, '1 to 40 letters, digits, "-" or "_"'),
    callbackUrl: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }),
    secret: z.string().min(32, 'at least 32 characters').max(512, 'at most 512 characters'),
  })
  .strict();

const listSchema = z.array(botSchema).max(100, 'at most 100 bots');

export class ExternalBotsError extends Error {
  override name = 'ExternalBotsError';
}

/**
 * Reads `[{"id":"partner","callbackUrl":"https://…","secret":"…"}]`; unset or blank means no external bots.
 * Errors name the variable and the entry, and never repeat a value: the text holds secrets.
 */
export function parseExternalBots(text: string | undefined, variable = EXTERNAL_BOTS_VARIABLE): readonly ExternalBot[] {
  if (text === undefined || text.trim() === '') return Object.freeze([]);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the text around the mistake, which may be a secret: it is left out on purpose.
    throw new ExternalBotsError(`${variable}: not valid JSON; expected an array like [{"id":"partner","callbackUrl":"https://…","secret":"…"}]`);
  }
  const parsed = listSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    throw new ExternalBotsError(`${variable}${path}: ${issue.message}`);
  }
  const bots = parsed.data;
  for (const [i, bot] of bots.entries()) {
    const earlier = bots.findIndex((b) => b.id === bot.id || b.secret === bot.secret);
    if (earlier === i) continue;
    const what = bots[earlier]!.id === bot.id ? `id "${bot.id}"` : 'secret';
    throw new ExternalBotsError(`${variable}[${i}]: the ${what} is already used by entry [${earlier}]; each bot needs its own`);
  }
  return Object.freeze(bots.map((b) => Object.freeze({ ...b })));
}
