import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { HttpError } from './errors.ts';

/**
 * Who may call the operator APIs (topic status, knowledge sync and query): with `ADMIN_TOKEN` set, callers that
 * send it as a bearer token; without one, only this machine (loopback), so a fresh install is never open to the
 * network. Staff sign-in (the rep console) adds roles on top.
 */
export function adminGuard(token: string | undefined): (req: Request) => void {
  const expected = token ? Buffer.from(token) : undefined;
  return (req) => {
    if (expected) {
      const given = Buffer.from(/^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '');
      if (given.length === expected.length && timingSafeEqual(given, expected)) return;
      throw new HttpError(401, 'Unauthorized', 'send the ADMIN_TOKEN as a bearer token', { headers: { 'www-authenticate': 'Bearer' } });
    }
    const address = req.socket.remoteAddress ?? '';
    if (address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1') return;
    throw new HttpError(403, 'Forbidden', 'operator APIs answer only on this machine until ADMIN_TOKEN is set');
  };
}
