import type { CustomerChannel, CustomerStatus, QueueNotice } from '../service/types.ts';
import { addressFromHub, queueActivity, repMessageActivity, statusActivity, typingActivity } from './activities.ts';
import type { ExternalBot } from './config.ts';

/** How long a bot's callback may take to answer before the post counts as failed (and the outbox retries it). */
export const DEFAULT_CALLBACK_TIMEOUT_MS = 10_000;

/** The hub channel a bot's conversations use; the hub's `channels` record is keyed by it. */
export const channelName = (botId: string) => `webhook:${botId}`;

/**
 * How the hub reaches the customer of another Bot Framework bot: it posts activities to the bot's callback URL.
 * A failure throws, and the hub's outbox retries the item with backoff, in order; the ids let the bot drop repeats.
 */
export class WebhookChannel implements CustomerChannel {
  constructor(
    private readonly bot: ExternalBot,
    private readonly timeoutMs = DEFAULT_CALLBACK_TIMEOUT_MS,
  ) {}

  deliver(botRef: Record<string, unknown>, message: { id: string; text: string; from: { id: string; name: string } }): Promise<void> {
    return postActivity(this.bot, repMessageActivity(addressFromHub(botRef), message), this.timeoutMs);
  }

  status(botRef: Record<string, unknown>, status: CustomerStatus, o: { id: string; hubConversationId: string }): Promise<void> {
    return postActivity(this.bot, statusActivity(addressFromHub(botRef), status, o), this.timeoutMs);
  }

  queue(botRef: Record<string, unknown>, notice: QueueNotice, o: { id: string; hubConversationId: string }): Promise<void> {
    return postActivity(this.bot, queueActivity(addressFromHub(botRef), notice, o), this.timeoutMs);
  }

  typing(botRef: Record<string, unknown>, from: { id: string; name: string }): Promise<void> {
    return postActivity(this.bot, typingActivity(addressFromHub(botRef), from), this.timeoutMs);
  }
}

/** The hub channels for the configured bots, keyed `webhook:<id>`, to spread into the Hub's `channels`. */
export function externalChannels(bots: readonly ExternalBot[], o: { timeoutMs?: number } = {}): Record<string, CustomerChannel> {
  return Object.fromEntries(bots.map((bot) => [channelName(bot.id), new WebhookChannel(bot, o.timeoutMs)]));
}

/**
 * POSTs one activity to the bot, authenticated with its secret. Redirects are refused: the bearer secret must reach
 * only the configured URL.
 */
export async function postActivity(bot: ExternalBot, activity: object, timeoutMs: number): Promise<void> {
  const response = await fetch(bot.callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bot.secret}` },
    body: JSON.stringify(activity),
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMs),
  });
  // The answer's body means nothing to the hub: not read, however large.
  await response.body?.cancel();
  if (!response.ok) throw new Error(`external bot ${bot.id} answered ${response.status} ${response.statusText} at its callback URL`);
}
