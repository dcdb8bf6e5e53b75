/** The hub's two cookies and the few lines that read and write them (no dependency for a 20-line format). */

/** The session token. httpOnly: page scripts (and so injected ones) never see it. */
export const SESSION_COOKIE = 'hub_session';
/** The CSRF token the console's script reads and echoes in `X-CSRF-Token`; worthless without the session. */
export const CSRF_COOKIE = 'hub_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface CookieOptions {
  readonly secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
  readonly httpOnly: boolean;
}

/**
 * SameSite=Strict: the console is only ever opened as our own origin, so no cross-site navigation needs the session;
 * Strict keeps it off every request another site starts, top-level links included (Lax would allow those GETs).
 */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${o.maxAge}`,
    'SameSite=Strict',
    ...(o.httpOnly ? ['HttpOnly'] : []),
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}

/** One cookie's value from a Cookie header, or undefined. A malformed escape counts as absent. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // not ours to repair: the caller treats it as signed out
    }
  }
  return undefined;
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}
