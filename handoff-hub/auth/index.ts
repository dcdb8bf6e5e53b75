/**
 * Reps' identity and access: local accounts (Argon2id), sessions (JWT + revocable SQL row), the sign-in and account
 * REST routes, Socket.io handshake authentication and the per-event policy `can()`.
 */
import type { Request, Server } from 'restify';
import type { Logger } from '../../core/logger.ts';
import { secretOrGenerated, type Sql } from '../../core/storage/index.ts';
import { mountAccountRoutes } from './account-routes.ts';
import { AccountStore } from './account-store.ts';
import { mountAuthRoutes } from './auth-routes.ts';
import { createGuard } from './guard.ts';
import { authenticateHandshake, type HandshakeLike, type HandshakeResult } from './handshake.ts';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits, SignInLimiter } from './limiter.ts';
import { createPasswordVerifier } from './passwords.ts';
import type { Principal } from './policy.ts';
import { seedFirstAdmin, type SeedOutcome } from './seed.ts';
import { SessionStore } from './session-store.ts';
import { type RevocationListener, Sessions } from './sessions.ts';

export { type Account, AccountStore, DuplicateEmailError, LastAdminError } from './account-store.ts';
export { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from './cookies.ts';
export { disconnectRevoked, type HandshakeLike, type HandshakeResult, type SocketDirectory } from './handshake.ts';
export { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './limiter.ts';
export { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
export {
  type Action,
  can,
  CONVERSATION_ACTIONS,
  type ConversationAction,
  type ConversationRef,
  HUB_ACTIONS,
  type HubAction,
  type Principal,
  type Role,
  ROLES,
} from './policy.ts';
export { DEFAULT_ADMIN_EMAIL, type SeedOutcome } from './seed.ts';
export { SessionStore } from './session-store.ts';
export { type RevocationListener, Sessions } from './sessions.ts';

export interface HubAuthOptions {
  readonly sql: Sql;
  readonly log: Logger;
  readonly adminEmail: string | undefined;
  readonly adminPassword: string | undefined;
  readonly sessionTtlMinutes: number;
  readonly cookieSecure: boolean;
  readonly publicUrl: string | undefined;
  readonly trustProxy: boolean;
  readonly clientIp: (req: Request) => string;
  /** Defaults: the wall clock, a 2 s check cache and 5 failed sign-ins per 15 minutes. */
  readonly now?: () => Date;
  readonly cacheMs?: number;
  readonly signInLimits?: SignInLimits;
}

export interface HubAuth {
  /** What the first-start seeding did. */
  readonly seeded: SeedOutcome;
  /** Mounts `/api/hub/auth/*` and `/api/hub/accounts*`. */
  mount(server: Server): void;
  /** For the Socket.io middleware: the principal of a handshake, or why it is refused. */
  authenticateHandshake(handshake: HandshakeLike): Promise<HandshakeResult>;
  /** For each socket event: the principal again if its session is still live (role as it is now), else nothing. */
  revalidate(principal: Principal): Promise<Principal | undefined>;
  /** Told the session ids that ended (logout, disable, password reset), e.g. to close their sockets. */
  onRevoked(listener: RevocationListener): () => void;
}

/** Sessions older than this after they ended are deleted at start. */
const KEEP_ENDED_SESSIONS_MS = 30 * 24 * 60 * 60 * 1000;

export async function createHubAuth(o: HubAuthOptions): Promise<HubAuth> {
  const now = o.now ?? (() => new Date());
  const accounts = new AccountStore(o.sql);
  const store = new SessionStore(o.sql);
  const sessions = new Sessions({
    store,
    secret: await secretOrGenerated(o.sql, 'hub-session', undefined),
    ttlMs: o.sessionTtlMinutes * 60_000,
    cacheMs: o.cacheMs ?? 2000,
    now,
  });
  const policy = { publicUrl: o.publicUrl, trustProxy: o.trustProxy };
  const guard = createGuard(sessions, policy);
  const seeded = await seedFirstAdmin(accounts, { email: o.adminEmail, password: o.adminPassword, log: o.log });
  await store.prune(new Date(now().getTime() - KEEP_ENDED_SESSIONS_MS));
  const verifier = await createPasswordVerifier();
  const limiter = new SignInLimiter(o.signInLimits ?? DEFAULT_SIGN_IN_LIMITS);
  return {
    seeded,
    mount(server) {
      const common = { accounts, sessions, guard, log: o.log };
      mountAuthRoutes(server, { ...common, verifier, limiter, cookieSecure: o.cookieSecure, clientIp: o.clientIp });
      mountAccountRoutes(server, { ...common, now });
    },
    authenticateHandshake: (handshake) => authenticateHandshake(sessions, policy, handshake),
    revalidate: (principal) => sessions.revalidate(principal.sessionId),
    onRevoked: (listener) => sessions.onRevoked(listener),
  };
}
