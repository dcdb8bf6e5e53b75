import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'restify';
import { HttpError } from '../../core/http/index.ts';
import { bearerToken, CSRF_HEADER, readCookie, SESSION_COOKIE } from './cookies.ts';
import type { Principal } from './policy.ts';
import type { Sessions } from './sessions.ts';

/** Where a token came from: a browser's cookie needs CSRF checks; a header or socket auth field cannot be forged. */
export interface Credentials {
  readonly token: string;
  readonly via: 'bearer' | 'cookie';
}

/** Bearer header first (API and socket clients), then the socket's `auth.token`, then the console's cookie. */
export function credentialsOf(headers: IncomingHttpHeaders, authToken?: unknown): Credentials | undefined {
  const bearer = bearerToken(headers.authorization);
  if (bearer) return { token: bearer, via: 'bearer' };
  if (typeof authToken === 'string' && authToken.length > 0) return { token: authToken, via: 'bearer' };
  const cookie = readCookie(headers.cookie, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

export interface OriginPolicy {
  /** PUBLIC_URL: when set, the only origin the console is served from. */
  readonly publicUrl: string | undefined;
  /** Behind a trusted proxy the browser's host is in X-Forwarded-Host. */
  readonly trustProxy: boolean;
}

/**
 * Whether a browser request comes from our own pages: its Origin (or, lacking one, its Referer) must be PUBLIC_URL's
 * origin, or without PUBLIC_URL name the host the request was sent to. Requests with neither header are not from a
 * cross-site page (browsers send Origin on every cross-origin request), so they pass; the CSRF token still applies.
 */
export function sameOrigin(headers: IncomingHttpHeaders, policy: OriginPolicy): boolean {
  const claimed = headers.origin ?? headers.referer;
  if (!claimed) return true;
  let url: URL;
  try {
    url = new URL(claimed);
  } catch {
    return false; // "null" (sandboxed frames, file:) or garbage: not our page
  }
  if (policy.publicUrl) return url.origin === new URL(policy.publicUrl).origin;
  const forwarded = policy.trustProxy ? String(headers['x-forwarded-host'] ?? '').split(',')[0]?.trim() : undefined;
  const host = forwarded || headers.host;
  return host !== undefined && url.host === host.toLowerCase();
}

const unauthorized = (message: string) =>
  new HttpError(401, 'Unauthorized', message, { headers: { 'www-authenticate': 'Bearer realm="hub"' } });

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface Guard {
  /**
   * The signed-in principal of a request, or a 401. A state-changing request authenticated by cookie must also come
   * from our origin and carry the session's CSRF token in X-CSRF-Token (else 403); bearer requests need neither,
   * since a browser never attaches that header on its own.
   */
  principal(req: Request): Promise<{ principal: Principal; credentials: Credentials }>;
  /** The cheap half for requests without a session yet (sign-in): refuses cross-origin browser posts. */
  assertSameOrigin(req: Request): void;
}

export function createGuard(sessions: Sessions, policy: OriginPolicy): Guard {
  const assertSameOrigin = (req: Request) => {
    if (!sameOrigin(req.headers, policy)) throw new HttpError(403, 'CrossOrigin', 'requests from another site are refused');
  };
  return {
    assertSameOrigin,
    async principal(req) {
      const credentials = credentialsOf(req.headers);
      if (!credentials) throw unauthorized('sign in first (hub_session cookie or Authorization: Bearer)');
      const checksCsrf = credentials.via === 'cookie' && STATE_CHANGING.has(req.method ?? 'GET');
      if (checksCsrf) assertSameOrigin(req);
      const principal = await sessions.verify(credentials.token);
      if (!principal) throw unauthorized('the session has ended (expired, signed out or disabled); sign in again');
      if (checksCsrf && !sessions.checkCsrfToken(principal.sessionId, req.header(CSRF_HEADER))) {
        throw new HttpError(403, 'CsrfTokenInvalid', `send the hub_csrf cookie's value in the ${CSRF_HEADER} header`);
      }
      return { principal, credentials };
    },
  };
}
