import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { HttpError } from '../../core/http/index.ts';
import type { TokenClaims, TokenService } from './tokens.ts';

export type Principal =
  | { readonly kind: 'secret' }
  | { readonly kind: 'token'; readonly claims: TokenClaims; readonly token: string; readonly expiresAt: number };

const missing = () => new HttpError(401, 'MissingAuthorization', 'Authorization: Bearer <token> is required');

export function bearer(req: Request): string {
  const header = req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw missing();
  return match[1]!;
}

export function secretMatches(given: string, secret: string | undefined): boolean {
  if (!secret) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A secret opens every conversation; a token only its own, and only until it expires. */
export async function authenticate(raw: string, tokens: TokenService, secret: string | undefined): Promise<Principal> {
  if (secretMatches(raw, secret)) return { kind: 'secret' };
  const check = await tokens.verify(raw);
  if (!check.ok) {
    throw check.reason === 'expired'
      ? new HttpError(403, 'TokenExpired', 'Token expired')
      : new HttpError(403, 'Forbidden', 'Invalid token');
  }
  return { kind: 'token', claims: check.claims, token: raw, expiresAt: check.expiresAt };
}

export function assertConversation(principal: Principal, conversationId: string): void {
  if (principal.kind === 'token' && principal.claims.conversationId !== conversationId) {
    throw new HttpError(403, 'Forbidden', 'This token is not valid for this conversation');
  }
}
