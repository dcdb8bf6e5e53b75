import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import { HttpError, parseBody, route } from '../../core/http/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { Account, AccountStore } from './account-store.ts';
import { CSRF_COOKIE, serializeCookie, SESSION_COOKIE } from './cookies.ts';
import type { Guard } from './guard.ts';
import type { SignInLimiter } from './limiter.ts';
import { MAX_PASSWORD_LENGTH, type PasswordVerifier } from './passwords.ts';
import type { Sessions } from './sessions.ts';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'an email address (name@domain)');

const signInSchema = z
  .object({
    email: emailSchema,
    password: z.string().min(1, 'required').max(MAX_PASSWORD_LENGTH),
    // 'token' hands the JWT to a non-browser client (bench, integrations) instead of setting cookies.
    transport: z.enum(['cookie', 'token']).default('cookie'),
  })
  .strict();

export interface AuthRoutesOptions {
  readonly accounts: AccountStore;
  readonly sessions: Sessions;
  readonly verifier: PasswordVerifier;
  readonly limiter: SignInLimiter;
  readonly guard: Guard;
  readonly cookieSecure: boolean;
  readonly clientIp: (req: Request) => string;
  readonly log: Logger;
}

/** The signed-in account as the console shows it in its header. */
export const accountSummary = (a: Pick<Account, 'id' | 'email' | 'displayName' | 'role'>) => ({
  id: a.id,
  email: a.email,
  displayName: a.displayName,
  role: a.role,
});

export const jsonBody = () => restify.plugins.bodyParser({ maxBodySize: 16 * 1024, mapParams: false, mapFiles: false });

/** `POST /api/hub/auth/login`, `POST /api/hub/auth/logout`, `GET /api/hub/auth/me`. */
export function mountAuthRoutes(server: Server, o: AuthRoutesOptions): void {
  const { log } = o;

  server.post('/api/hub/auth/login', jsonBody(), route(log, async (req, res) => {
    o.guard.assertSameOrigin(req); // login CSRF: a foreign page must not sign the browser into its own account
    const input = parseBody(signInSchema, req.body ?? {});
    const ip = o.clientIp(req);
    await o.limiter.assertAllowed(input.email, ip);
    const found = await o.accounts.findForSignIn(input.email);
    // Unknown email and wrong password take the same time and give the same answer: no account enumeration.
    if (!(await o.verifier.verify(found?.passwordHash, input.password)) || !found) {
      await o.limiter.failed(input.email, ip);
      log.info({ ip }, 'hub sign-in failed');
      throw new HttpError(401, 'InvalidCredentials', 'email or password is wrong');
    }
    await o.limiter.succeeded(input.email, ip);
    // Said only to someone who knows the password, so it reveals nothing an attacker could use.
    if (found.account.disabled) throw new HttpError(403, 'AccountDisabled', 'this account is disabled; ask an admin');
    const issued = await o.sessions.issue(found.account.id);
    const csrfToken = o.sessions.csrfToken(issued.principal.sessionId);
    const body = { account: accountSummary(found.account), expiresAt: issued.expiresAt.toISOString() };
    log.info({ accountId: found.account.id, sessionId: issued.principal.sessionId }, 'hub sign-in');
    if (input.transport === 'token') {
      res.json({ ...body, token: issued.token });
      return;
    }
    const maxAge = Math.floor((issued.expiresAt.getTime() - issued.issuedAt.getTime()) / 1000);
    setCookies(res, o.cookieSecure, { session: issued.token, csrf: csrfToken, maxAge });
    res.json({ ...body, csrfToken });
  }));

  server.post('/api/hub/auth/logout', jsonBody(), route(log, async (req, res) => {
    const { principal, credentials } = await o.guard.principal(req);
    await o.sessions.revoke(principal.sessionId);
    if (credentials.via === 'cookie') setCookies(res, o.cookieSecure, { session: '', csrf: '', maxAge: 0 });
    log.info({ accountId: principal.accountId, sessionId: principal.sessionId }, 'hub sign-out');
    res.send(204);
  }));

  server.get('/api/hub/auth/me', route(log, async (req, res) => {
    const { principal } = await o.guard.principal(req);
    const account = await o.accounts.findById(principal.accountId);
    if (!account) throw new HttpError(401, 'Unauthorized', 'the account no longer exists');
    res.header('cache-control', 'no-store');
    res.json({
      account: { ...accountSummary(account), skills: account.skills, languages: account.languages, capacity: account.capacity },
      // A reloaded console reads it here (or from the hub_csrf cookie) for its next state-changing request.
      csrfToken: o.sessions.csrfToken(principal.sessionId),
    });
  }));
}

function setCookies(res: Response, secure: boolean, c: { session: string; csrf: string; maxAge: number }): void {
  res.setHeader('set-cookie', [
    serializeCookie(SESSION_COOKIE, c.session, { secure, maxAge: c.maxAge, httpOnly: true }),
    // Readable by the console's script on purpose: that is how it echoes the token; it is useless to other sites.
    serializeCookie(CSRF_COOKIE, c.csrf, { secure, maxAge: c.maxAge, httpOnly: false }),
  ]);
}
