import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../../core/http/index.ts';

export interface SignInLimits {
  /** Failed sign-ins per email and client address before 429 (the research plan's 5 per 15 minutes). */
  readonly perAccount: number;
  /** Failed sign-ins per client address across all emails: stops spraying one password over many accounts. */
  readonly perAddress: number;
  readonly windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 5, perAddress: 50, windowSeconds: 15 * 60 };

/**
 * Counts failed sign-ins only, so a rep who types their password right is never slowed by others' mistakes, and a
 * success clears that email's count. In memory (rate-limiter-flexible): per node, which still caps a guesser at
 * limit × nodes; its Redis store is the drop-in when limits must be shared exactly.
 */
export class SignInLimiter {
  private readonly account: RateLimiterMemory;
  private readonly address: RateLimiterMemory;

  constructor(private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
    this.account = new RateLimiterMemory({ points: limits.perAccount, duration: limits.windowSeconds });
    this.address = new RateLimiterMemory({ points: limits.perAddress, duration: limits.windowSeconds });
  }

  /** Throws 429 with Retry-After once either count is used up; checked before any password is hashed. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [byAccount, byAddress] = await Promise.all([this.account.get(`${email}|${ip}`), this.address.get(ip)]);
    const over = (res: RateLimiterRes | null, limit: number) => (res && res.consumedPoints >= limit ? [res.msBeforeNext] : []);
    const waits = [...over(byAccount, this.limits.perAccount), ...over(byAddress, this.limits.perAddress)];
    if (waits.length === 0) return;
    const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new HttpError(429, 'TooManyRequests', `too many failed sign-ins; try again in ${seconds} s`, {
      headers: { 'retry-after': String(seconds) },
    });
  }

  async failed(email: string, ip: string): Promise<void> {
    await Promise.all([this.account.penalty(`${email}|${ip}`, 1), this.address.penalty(ip, 1)]);
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await this.account.delete(`${email}|${ip}`);
  }
}
