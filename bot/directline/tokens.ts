import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { BoundedMap } from '../../core/bounded-map.ts';

/** What a Direct Line token grants: one conversation, as one user. */
export interface TokenClaims {
  readonly conversationId: string;
  readonly userId: string;
  readonly userName?: string | undefined;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims; readonly expiresAt: number }
  | { readonly ok: false; readonly reason: 'expired' | 'invalid' };

const ISSUER = 'support-hub/directline';

/**
 * HS256 JWTs shaped like Azure's: DirectLineJS and Web Chat decode the `user` claim client-side (no signature check)
 * and use it as the user id, so the claim name is fixed; `conv` binds the token to one conversation.
 */
export class TokenService {
  readonly #key: Uint8Array;
  /**
   * Tokens already verified, until they expire: a widget presents the same token with every post, and a check
   * (WebCrypto on the thread pool) costs more than the rest of the request. Bounded; the oldest go first.
   */
  readonly #verified = new BoundedMap<string, { claims: TokenClaims; expiresAt: number }>(10_000);

  constructor(
    secret: string,
    readonly ttlSeconds: number,
  ) {
    this.#key = new TextEncoder().encode(secret);
  }

  async issue(claims: TokenClaims, now = Date.now()): Promise<{ token: string; expires_in: number }> {
    const iat = Math.floor(now / 1000);
    const token = await new SignJWT({ conv: claims.conversationId, user: claims.userId, name: claims.userName })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .setJti(randomBytes(9).toString('base64url'))
      .sign(this.#key);
    return { token, expires_in: this.ttlSeconds };
  }

  async verify(token: string, now = Date.now()): Promise<TokenCheck> {
    const known = this.#verified.get(token);
    if (known && now < known.expiresAt) return { ok: true, ...known };
    this.#verified.delete(token);
    const check = await this.#check(token, now);
    if (check.ok) this.#verified.set(token, { claims: check.claims, expiresAt: check.expiresAt });
    return check;
  }

  async #check(token: string, now: number): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        issuer: ISSUER,
        algorithms: ['HS256'],
        currentDate: new Date(now),
      });
      if (typeof payload.conv !== 'string' || typeof payload.user !== 'string' || typeof payload.exp !== 'number') {
        return { ok: false, reason: 'invalid' };
      }
      const userName = typeof payload.name === 'string' ? payload.name : undefined;
      return {
        ok: true,
        claims: { conversationId: payload.conv, userId: payload.user, userName },
        expiresAt: payload.exp * 1000,
      };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}

/** 128 random bits, URL-safe: conversation and attachment ids must not be guessable (Chatwoot #12719). */
export const randomId = (bytes = 16) => randomBytes(bytes).toString('base64url');
export const newUserId = () => `dl_${randomId(12)}`;
