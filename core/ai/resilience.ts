import type { CircuitBreaker } from './circuit-breaker.ts';
import { type AiFailureReason, AiUnavailableError } from './errors.ts';

/** How the adapter judges one failed request; the policy below stays independent of any SDK. */
export interface Failure {
  readonly reason: AiFailureReason;
  readonly message: string;
  /** Worth sending again (429, 408, 5xx, connection reset), budget permitting. */
  readonly retryable: boolean;
  /** Counts toward opening the circuit: the service is down, throttling us, or will refuse every call (auth). */
  readonly trips: boolean;
  /** What the service asked us to wait (Retry-After / retry-after-ms), when it said. */
  readonly retryAfterMs?: number | undefined;
}

export interface RetryPolicy {
  /** Retries after the first request; at most 2, so one call sends at most 3 requests. */
  readonly maxRetries: number;
  readonly breaker: CircuitBreaker;
  readonly classify: (error: unknown) => Failure;
  /** First backoff when the service gave no Retry-After; doubles per retry, with jitter. */
  readonly backoffMs?: number;
  readonly now?: () => number;
  readonly onRetry?: (info: { what: string; attempt: number; delayMs: number; reason: AiFailureReason }) => void;
}

const MAX_RETRIES = 2;

/**
 * Runs `attempt` under one deadline for the whole call: each request gets the time left (its signal aborts then),
 * retryable failures are retried after the service's Retry-After or a backoff, but only when that wait still fits
 * the deadline, and no request goes out while the circuit is open. Every failure rejects as AiUnavailableError.
 */
export async function withRetries<T>(
  what: string,
  timeoutMs: number,
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  const now = policy.now ?? Date.now;
  const deadline = now() + timeoutMs;
  const maxRetries = Math.min(Math.max(0, Math.floor(policy.maxRetries)), MAX_RETRIES);
  let lastError: unknown;
  for (let sent = 0; ; ) {
    // Out of time before sending (e.g. a batch after slow ones): not the service's fault, so not a breaker failure.
    if (deadline - now() <= 0) {
      throw new AiUnavailableError('timeout', `${what}: no time left for a request`, { cause: lastError });
    }
    if (!policy.breaker.tryAcquire()) {
      const wait = Math.ceil(policy.breaker.retryInMs / 1000);
      const message = `${what}: circuit open after repeated failures; next try in ${wait} s`;
      throw new AiUnavailableError('circuit-open', message, { cause: lastError });
    }
    sent += 1;
    const outcome = await withDeadline(attempt, deadline - now());
    if (outcome.ok) {
      policy.breaker.success();
      return outcome.value;
    }
    lastError = outcome.error;
    const failure: Failure = outcome.timedOut
      ? { reason: 'timeout', message: `no answer within ${timeoutMs} ms`, retryable: false, trips: true }
      : policy.classify(outcome.error);
    if (failure.trips) policy.breaker.failure();
    else policy.breaker.success();

    const fail = (detail = '') =>
      new AiUnavailableError(failure.reason, `${what}: ${failure.message}${detail}`, { cause: lastError });
    if (!failure.retryable) throw fail();
    if (sent > maxRetries) throw fail(` (after ${sent} requests)`);
    const delayMs = failure.retryAfterMs ?? backoff(policy.backoffMs ?? 200, sent);
    const left = deadline - now();
    if (delayMs >= left) {
      throw fail(`; retry after ${Math.round(delayMs)} ms would pass the deadline (${Math.max(0, Math.round(left))} ms left)`);
    }
    policy.onRetry?.({ what, attempt: sent, delayMs, reason: failure.reason });
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/**
 * Milliseconds the service asks us to wait: `retry-after-ms` (Azure OpenAI) first, then `retry-after` in seconds
 * or as an HTTP date. Undefined when absent or unreadable, so the caller falls back to its own backoff.
 */
export function retryAfterMs(
  headers: { get(name: string): string | null } | undefined,
  now = Date.now(),
): number | undefined {
  const ms = headers?.get('retry-after-ms')?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const after = headers?.get('retry-after')?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential with "equal jitter": half fixed, half random, so callers throttled together spread out. */
function backoff(baseMs: number, retry: number): number {
  const ceiling = baseMs * 2 ** (retry - 1);
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown; timedOut: boolean };

/** Aborts the attempt's signal at the deadline and stops waiting for it, even if it ignores the signal. */
async function withDeadline<T>(attempt: (signal: AbortSignal) => Promise<T>, ms: number): Promise<Outcome<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`deadline of ${ms} ms passed`));
      resolve({ ok: false, error: controller.signal.reason, timedOut: true });
    }, ms);
  });
  const running = Promise.resolve()
    .then(() => attempt(controller.signal))
    .then(
      (value): Outcome<T> => ({ ok: true, value }),
      (error: unknown): Outcome<T> => ({ ok: false, error, timedOut: controller.signal.aborted }),
    );
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
