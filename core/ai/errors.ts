/**
 * Why a cloud AI call gave no usable answer. Callers fall back to the embedded path on any of them; the reason is
 * for logs and metrics, not for branching business logic.
 * - `timeout`: the call's deadline passed (retries and waits included).
 * - `throttled`: 429 after the retries allowed, or a Retry-After longer than the time left.
 * - `unavailable`: 5xx, connection failure or credential failure after the retries allowed.
 * - `circuit-open`: recent calls failed in a row, so this one was not sent at all.
 * - `rejected`: the service refused this request (400, 401, 403, 404, content filter, refusal, not configured).
 * - `invalid-output`: the service answered, but not with JSON matching the requested schema.
 */
export type AiFailureReason = 'timeout' | 'throttled' | 'unavailable' | 'circuit-open' | 'rejected' | 'invalid-output';

/** The one error every `ChatModel` failure surfaces as; `cause` keeps the SDK or parse error underneath. */
export class AiUnavailableError extends Error {
  override name = 'AiUnavailableError';

  constructor(
    readonly reason: AiFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
