import type { Logger } from '../../core/logger.ts';
import type { Activity } from './activity.ts';

/** What one attempt to hand an activity to the bot came to: taken, refused for good, or worth retrying. */
export type DeliveryOutcome = 'ok' | 'rejected' | 'retry';

/** How the channel hands an activity (already stamped with its serviceUrl) to the bot. */
export type BotLink = (activity: Activity) => Promise<DeliveryOutcome>;

/** The bot's messaging endpoint over HTTP, as Azure Bot Service reaches a bot. */
export function httpBotLink(o: { endpoint: () => string; timeoutMs: number; log: Logger }): BotLink {
  return async (activity) => {
    try {
      const response = await fetch(o.endpoint(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      await response.arrayBuffer(); // drain, so the connection is reused
      if (response.ok) return 'ok';
      // 4xx means the bot refused this activity itself; retrying would not change its mind (429 aside).
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        o.log.warn({ status: response.status, activityId: activity.id }, 'bot rejected activity');
        return 'rejected';
      }
      o.log.warn({ status: response.status, activityId: activity.id }, 'bot answered with an error');
      return 'retry';
    } catch (error) {
      o.log.warn({ err: error, activityId: activity.id }, 'bot endpoint unreachable');
      return 'retry';
    }
  };
}

/**
 * A bot in this process, called directly: the same turn the HTTP endpoint would run, without two loopback
 * requests per activity. `run` resolves when the turn is over (as the HTTP response would). The activity is
 * copied through JSON, exactly as the wire would, so the turn never shares objects with the channel.
 */
export function inProcessBotLink(o: { run: (activity: Activity) => Promise<void>; timeoutMs: number; log: Logger }): BotLink {
  return async (activity) => {
    const copy = JSON.parse(JSON.stringify(activity)) as Activity;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), o.timeoutMs);
    });
    try {
      // As over HTTP, a turn that outlasts the timeout is retried (the turn itself is not cancelled).
      const outcome = await Promise.race([o.run(copy).then(() => 'done' as const), timedOut]);
      if (outcome === 'done') return 'ok';
      o.log.warn({ activityId: activity.id, timeoutMs: o.timeoutMs }, 'bot turn timed out');
      return 'retry';
    } catch (error) {
      o.log.warn({ err: error, activityId: activity.id }, 'bot turn failed');
      return 'retry';
    } finally {
      clearTimeout(timer);
    }
  };
}
