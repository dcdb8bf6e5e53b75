import { createHmac, timingSafeEqual } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Principal } from './policy.ts';
import type { SessionStore } from './session-store.ts';

const ISSUER = 'support-hub';
const AUDIENCE = 'hub';

export interface SessionOptions {
  readonly store: SessionStore;
  /** HS256 key: from `secretOrGenerated('hub-session')`, so every node and restart accept the same tokens. */
  readonly secret: string;
  readonly ttlMs: number;
  /**
   * How long a positive check may be reused without SQL. A revocation on this node clears it at once; on another
   * node it bounds how long a revoked session keeps working here (the research plan allows 5 s).
   */
  readonly cacheMs: number;
  readonly now: () => Date;
}

export interface IssuedSession {
  readonly token: string;
  readonly principal: Principal;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
}

/** Called with the ids of sessions that just ended, so open sockets using them can be closed. */
export type RevocationListener = (sessionIds: readonly string[]) => void;

/**
 * Session tokens: a JWT (HS256, via jose) naming the session row, the account and its role at sign-in. The token
 * alone is never enough: every check also finds the row live and the account enabled, and reads the role from SQL,
 * so logout, disabling and demotion apply on the next check rather than when the token expires.
 */
export class Sessions {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, { principal: Principal; expiresAt: number; until: number }>();
  private readonly listeners = new Set<RevocationListener>();

  constructor(private readonly o: SessionOptions) {
    this.key = new TextEncoder().encode(o.secret);
  }

  async issue(accountId: string): Promise<IssuedSession> {
    const now = this.o.now();
    const expiresAt = new Date(now.getTime() + this.o.ttlMs);
    const sessionId = await this.o.store.create(accountId, now, expiresAt);
    const live = await this.o.store.findLive(sessionId, now);
    if (!live) throw new Error(`session ${sessionId} vanished right after it was created`);
    const token = await new SignJWT({ role: live.principal.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(accountId)
      .setJti(sessionId)
      .setIssuedAt(Math.floor(now.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, principal: live.principal, issuedAt: now, expiresAt };
  }

  /** The principal behind a token, or nothing for a forged, expired, revoked or disabled one. */
  async verify(token: string): Promise<Principal | undefined> {
    const claims = await jwtVerify(token, this.key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: this.o.now(),
      requiredClaims: ['jti', 'sub', 'exp'],
    }).then(
      (result) => result.payload,
      (error: unknown) => {
        // A bad token is an answer (no principal); anything else (a bug, a broken key) must surface.
        if (error instanceof joseErrors.JOSEError) return undefined;
        throw error;
      },
    );
    if (!claims?.jti || !claims.sub) return undefined;
    const principal = await this.revalidate(claims.jti);
    return principal?.accountId === claims.sub ? principal : undefined;
  }

  /** Re-checks a session by id: what a long-lived socket calls before acting on an event. */
  async revalidate(sessionId: string): Promise<Principal | undefined> {
    const now = this.o.now().getTime();
    const cached = this.cache.get(sessionId);
    if (cached && cached.until > now && cached.expiresAt > now) return cached.principal;
    this.cache.delete(sessionId);
    const live = await this.o.store.findLive(sessionId, new Date(now));
    if (!live) return undefined;
    if (this.o.cacheMs > 0) {
      if (this.cache.size >= 10_000) this.cache.clear(); // bounded: a burst of sign-ins must not grow it forever
      this.cache.set(sessionId, { principal: live.principal, expiresAt: live.expiresAt.getTime(), until: now + this.o.cacheMs });
    }
    return live.principal;
  }

  async revoke(sessionId: string): Promise<void> {
    this.ended(await this.o.store.revoke(sessionId, this.o.now()));
  }

  /** Ends every session of an account (disabled, password reset, role change), except `keep` when given. */
  async revokeAccount(accountId: string, keep?: string): Promise<void> {
    this.ended(await this.o.store.revokeAccount(accountId, this.o.now(), keep));
  }

  /** Forgets cached checks of an account, e.g. after its role changed, without ending its sessions. */
  forgetAccount(accountId: string): void {
    for (const [id, entry] of this.cache) if (entry.principal.accountId === accountId) this.cache.delete(id);
  }

  onRevoked(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The CSRF token of a session: an HMAC of its id under the session key ("signed double-submit cookie", OWASP).
   * Bound to the session, so a token seen in one session is worthless in another, and nothing is stored.
   */
  csrfToken(sessionId: string): string {
    return createHmac('sha256', this.key).update(`csrf:${sessionId}`).digest('base64url');
  }

  checkCsrfToken(sessionId: string, given: string | undefined): boolean {
    const expected = Buffer.from(this.csrfToken(sessionId));
    const actual = Buffer.from(given ?? '');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  private ended(sessionIds: readonly string[]): void {
    if (sessionIds.length === 0) return;
    for (const id of sessionIds) this.cache.delete(id);
    for (const listener of this.listeners) listener(sessionIds);
  }
}
