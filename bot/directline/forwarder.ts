import type { Logger } from '../../core/logger.ts';
import type { Activity } from './activity.ts';
import type { BotLink, DeliveryOutcome } from './bot-link.ts';
import type { DirectLineStore } from './store.ts';

export interface ForwarderOptions {
  /** How an activity reaches the bot (HTTP to its endpoint, or a direct call when it runs in this process). */
  readonly link: BotLink;
  /** Stamped at send time: stored activities never carry it (it embeds the channel key), yet resumed ones need it. */
  readonly serviceUrl: () => string;
  /** Waits between attempts while the bot is unreachable or failing; then the activity stays in the outbox. */
  readonly retryDelaysMs?: readonly number[];
  /** After this many attempts in all (across restarts) the activity is marked failed and logged. */
  readonly maxAttempts?: number;
  /** Told of every attempt's outcome (metrics). */
  readonly onOutcome?: (outcome: DeliveryOutcome) => void;
}

/**
 * Delivers stored user activities to the bot, one conversation at a time in order. A user activity is acknowledged
 * to the client once it is stored; from then on delivering it is our job: failures are retried, and what is still
 * pending at shutdown is picked up again by `resumePending` at the next start. Nothing a customer sent is dropped.
 */
export class BotForwarder {
  readonly #chains = new Map<string, Promise<void>>();
  /** `conversation|seq` of stored activities queued or in flight, so a sweep never queues one twice. */
  readonly #queued = new Set<string>();
  readonly #retryDelays: readonly number[];
  readonly #maxAttempts: number;
  #closing = false;

  constructor(
    private readonly store: DirectLineStore,
    private readonly log: Logger,
    private readonly options: ForwarderOptions,
  ) {
    this.#retryDelays = options.retryDelaysMs ?? [200, 1000, 3000];
    this.#maxAttempts = options.maxAttempts ?? 20;
  }

  /** Queues the activity behind earlier ones of the same conversation; resolves when it is delivered or parked. */
  deliver(conversationId: string, seq: number, activity: Activity, previousAttempts = 0): Promise<void> {
    const key = `${conversationId}|${seq}`;
    if (this.#queued.has(key)) return this.#chains.get(conversationId) ?? Promise.resolve();
    this.#queued.add(key);
    return this.#enqueue(conversationId, () =>
      this.#attempt(conversationId, seq, activity, previousAttempts).finally(() => this.#queued.delete(key)),
    );
  }

  #enqueue(conversationId: string, job: () => Promise<void>): Promise<void> {
    const previous = this.#chains.get(conversationId) ?? Promise.resolve();
    // A storage failure is logged here and the activity stays pending in SQL; the chain itself never rejects.
    const run = () => job().catch((error: unknown) => this.log.error({ err: error, conversationId }, 'delivery failed'));
    const next = previous.then(run);
    this.#chains.set(conversationId, next);
    void next.finally(() => {
      if (this.#chains.get(conversationId) === next) this.#chains.delete(conversationId);
    });
    return next;
  }

  /**
   * For activities that are not stored (conversationUpdate, typing): same ordering, a few retries, then dropped
   * with a log line. None of them carries anything the customer wrote that is not also stored.
   */
  deliverTransient(conversationId: string, activity: Activity): Promise<void> {
    return this.#enqueue(conversationId, async () => {
      for (const delay of [0, ...this.#retryDelays]) {
        if (delay) await new Promise((r) => setTimeout(r, delay));
        if (this.#closing) return;
        const outcome = await this.#post(activity);
        if (outcome !== 'retry' || this.#closing) return;
      }
      this.log.warn({ conversationId, type: activity.type }, 'bot unreachable; transient activity not delivered');
    });
  }

  /** Re-queues what an earlier run left undelivered (crash, bot down). */
  async resumePending(): Promise<number> {
    const pending = await this.store.pendingDeliveries();
    for (const p of pending) void this.deliver(p.conversationId, p.seq, p.activity, p.attempts);
    if (pending.length > 0) this.log.info({ count: pending.length }, 'resuming undelivered customer activities');
    return pending.length;
  }

  /** Stops retrying and waits (bounded) for deliveries in flight; what remains is pending for the next start. */
  async close(timeoutMs: number): Promise<void> {
    this.#closing = true;
    const all = Promise.allSettled([...this.#chains.values()]);
    await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  async #attempt(conversationId: string, seq: number, activity: Activity, previousAttempts: number): Promise<void> {
    for (let i = 0; ; i++) {
      const outcome = await this.#post(activity);
      if (outcome === 'ok') {
        await this.store.markDelivery(conversationId, seq, 'delivered');
        return;
      }
      const attempts = previousAttempts + i + 1;
      const permanent = outcome === 'rejected' || attempts >= this.#maxAttempts;
      if (permanent) {
        await this.store.markDelivery(conversationId, seq, 'failed');
        this.log.error({ conversationId, seq, attempts, outcome }, 'the bot did not take a customer activity');
        return;
      }
      await this.store.markDelivery(conversationId, seq, 'pending');
      const delay = this.#retryDelays[i];
      if (delay === undefined || this.#closing) {
        this.log.warn({ conversationId, seq, attempts }, 'bot unreachable; activity kept for a later retry');
        return;
      }
      await new Promise((r) => setTimeout(r, delay));
      if (this.#closing) return; // stays pending for the next start: posting after close could deliver it twice
    }
  }

  async #post(activity: Activity): Promise<DeliveryOutcome> {
    const outcome = await this.options.link({ ...activity, serviceUrl: this.options.serviceUrl() });
    this.options.onOutcome?.(outcome);
    return outcome;
  }
}
