/** How long "is typing…" shows after the customer's last typing notice (they come every few seconds while typing). */
const SHOWN_MS = 5000;
/** The customer's typing notice and their message travel separately: a notice this soon after the message is stale. */
const STALE_MS = 1500;

/** Which conversations' customers are typing right now. Plain data with the clock passed in. */
export class CustomerTyping {
  readonly #until = new Map<string, number>();
  readonly #wrote = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A typing notice; false when it is stale (the message it belonged to is already here). */
  typed(conversationId: string): boolean {
    const now = this.now();
    if (now - (this.#wrote.get(conversationId) ?? -Infinity) < STALE_MS) return false;
    this.#until.set(conversationId, now + SHOWN_MS);
    return true;
  }

  /** The customer's message arrived: they stopped typing. True if an indicator goes. */
  wrote(conversationId: string): boolean {
    this.#wrote.set(conversationId, this.now());
    return this.#until.delete(conversationId);
  }

  isTyping(conversationId: string): boolean {
    return (this.#until.get(conversationId) ?? 0) > this.now();
  }

  /** Drops indicators whose time is up; true if any went. */
  expire(): boolean {
    const now = this.now();
    let changed = false;
    for (const [id, until] of this.#until) {
      if (until > now) continue;
      this.#until.delete(id);
      changed = true;
    }
    return changed;
  }
}
