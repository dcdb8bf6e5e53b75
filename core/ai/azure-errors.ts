import { APIConnectionError, APIError } from 'openai';
import { type Failure, retryAfterMs } from './resilience.ts';

/** Statuses worth sending again, as the SDK's own retry logic has them (409 aside: Azure does not use it). */
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);
/** Refusals that every later call would get too (bad key, no access, wrong deployment name): open the circuit. */
const MISCONFIGURED = new Set([401, 403, 404]);

/** Maps an error from the `openai` SDK (or the token provider) onto the retry policy's terms. */
export function classifyAzureError(error: unknown): Failure {
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const message = short(error.message);
    if (status === 429) {
      return { reason: 'throttled', message, retryable: true, trips: true, retryAfterMs: retryAfterMs(error.headers) };
    }
    if (status >= 500 || RETRYABLE.has(status)) {
      const retryable = RETRYABLE.has(status);
      return { reason: 'unavailable', message, retryable, trips: true, retryAfterMs: retryAfterMs(error.headers) };
    }
    return { reason: 'rejected', message, retryable: false, trips: MISCONFIGURED.has(status) };
  }
  if (error instanceof APIConnectionError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { reason: 'unavailable', message: short(`${error.message}${cause}`), retryable: true, trips: true };
  }
  // Anything else happened before a request went out, e.g. no Entra ID credential found: every call would fail.
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { reason: 'unavailable', message: short(message), retryable: false, trips: true };
}

function short(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
