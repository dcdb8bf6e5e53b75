export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failed requests that open the circuit. */
  readonly failures: number;
  /** How long it stays open before one trial request may go out. */
  readonly openMs: number;
  readonly now?: () => number;
  readonly onChange?: (state: 'open' | 'closed', failures: number) => void;
}

/**
 * Stops calling a service that keeps failing, so an outage costs callers nothing (they fall back at once) and the
 * service is not hammered while it recovers. Closed → open after `failures` in a row; after `openMs` one trial
 * request is let through (half-open): success closes the circuit, failure opens it again for another `openMs`.
 */
export class CircuitBreaker {
  #failures = 0;
  #openedAt: number | undefined;
  #trialInFlight = false;
  readonly #now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.#now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.#openedAt === undefined) return 'closed';
    return this.#now() - this.#openedAt >= this.options.openMs ? 'half-open' : 'open';
  }

  /** Milliseconds until a trial request may go out; 0 when requests may go out now. */
  get retryInMs(): number {
    return this.#openedAt === undefined ? 0 : Math.max(0, this.#openedAt + this.options.openMs - this.#now());
  }

  /** Asks to send one request; every `true` must be followed by `success()` or `failure()`. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.#trialInFlight) return false;
    this.#trialInFlight = true;
    return true;
  }

  /** The service answered (even if the answer was unusable): it is up. */
  success(): void {
    this.#trialInFlight = false;
    this.#failures = 0;
    if (this.#openedAt !== undefined) {
      this.#openedAt = undefined;
      this.options.onChange?.('closed', 0);
    }
  }

  failure(): void {
    this.#trialInFlight = false;
    this.#failures += 1;
    // A failed trial re-opens at once; otherwise open when the run of failures reaches the threshold.
    if (this.#openedAt !== undefined || this.#failures >= this.options.failures) {
      this.#openedAt = this.#now();
      this.options.onChange?.('open', this.#failures);
    }
  }
}
