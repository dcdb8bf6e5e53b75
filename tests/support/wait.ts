/**
 * Polls until `probe` returns something truthy and returns it; fails naming `what` after `timeoutMs`.
 * Tests wait on observable outcomes with this instead of sleeping for a guessed time.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Only for proving that something does NOT happen (no request, no duplicate): there is nothing to wait on. */
export const quietPeriod = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
