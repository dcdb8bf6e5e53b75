/**
 * Direct Line credentials: fetch a token from the support server, keep {conversationId, token, expiresAt, domain}
 * in localStorage so a reload resumes the same conversation, and refresh the token before it lapses.
 */
import * as z from 'zod/mini';

export interface Session {
  readonly conversationId: string;
  readonly token: string;
  /** Epoch ms after which the token can no longer be refreshed. */
  readonly expiresAt: number;
  /** Direct Line base URL, e.g. http://localhost:3978/v3/directline. */
  readonly domain: string;
  /** The token's `user` claim (`dl_…`), which the server stamps on our activities; undefined if absent. */
  readonly userId: string | undefined;
}

const httpUrl = z.string().check(z.refine((s) => /^https?:\/\//i.test(s), 'must be an http(s) URL'));
const TokenResponse = z.object({ token: z.string(), conversationId: z.string(), expires_in: z.number(), domain: httpUrl });
const RefreshResponse = z.object({ token: z.string(), conversationId: z.string(), expires_in: z.number() });
const StoredSession = z.object({ conversationId: z.string(), token: z.string(), expiresAt: z.number(), domain: httpUrl });

/** Tokens this close to expiry are treated as expired: a refresh would race the deadline. */
const EXPIRY_MARGIN_MS = 10_000;

export class SessionError extends Error {
  override readonly name = 'SessionError';
  /** Seconds the server asked us to wait (HTTP 429 Retry-After), when it did. */
  retryAfterSeconds?: number;
}

export class Sessions {
  private readonly key: string;

  constructor(
    private readonly server: string,
    private readonly userName: string | undefined,
    private readonly storage: Storage | null = safeLocalStorage(),
  ) {
    this.key = `support-widget:v1:${server}`;
  }

  /** The stored conversation with a freshly refreshed token, or null when there is none or it has lapsed. */
  async resume(now = Date.now()): Promise<Session | null> {
    const stored = this.load();
    if (!stored || stored.expiresAt - EXPIRY_MARGIN_MS <= now) return this.forget();
    const refreshed = await this.refresh(stored);
    return refreshed ?? this.forget();
  }

  /** Whether a conversation is stored that may still be resumed (without contacting the server). */
  hasStored(now = Date.now()): boolean {
    const stored = this.load();
    return stored !== null && stored.expiresAt - EXPIRY_MARGIN_MS > now;
  }

  /** A new conversation's token. It is stored only once the conversation is online (see save()). */
  async start(): Promise<Session> {
    const body = this.userName ? { user: { name: this.userName } } : {};
    const json = await postJson(`${this.server}/api/directline/token`, body, {});
    const parsed = parse(TokenResponse, json, 'POST /api/directline/token');
    return toSession(parsed.conversationId, parsed.token, parsed.expires_in, parsed.domain.replace(/\/+$/, ''));
  }

  /** A new token for the same conversation; null when the server refuses (expired or unknown conversation). */
  async refresh(session: Session): Promise<Session | null> {
    const url = `${session.domain}/tokens/refresh`;
    const json = await postJson(url, undefined, { Authorization: `Bearer ${session.token}` }, [401, 403, 404]);
    if (json === null) return null;
    const parsed = parse(RefreshResponse, json, 'POST /tokens/refresh');
    const next = toSession(parsed.conversationId, parsed.token, parsed.expires_in, session.domain);
    this.save(next);
    return next;
  }

  save(session: Session): void {
    const { conversationId, token, expiresAt, domain } = session;
    try {
      this.storage?.setItem(this.key, JSON.stringify({ conversationId, token, expiresAt, domain }));
    } catch (cause) {
      console.warn('SupportWidget: could not store the session; a reload will start a new chat', cause);
    }
  }

  forget(): null {
    try {
      this.storage?.removeItem(this.key);
    } catch (cause) {
      console.warn('SupportWidget: could not clear the stored session', cause);
    }
    return null;
  }

  private load(): Session | null {
    const raw = this.storage?.getItem(this.key);
    if (!raw) return null;
    try {
      const result = StoredSession.safeParse(JSON.parse(raw));
      if (!result.success) return null;
      const { conversationId, token, expiresAt, domain } = result.data;
      return { conversationId, token, expiresAt, domain, userId: userIdOf(token) };
    } catch {
      return null; // unreadable entry (another version, manual edit): start over
    }
  }
}

function toSession(conversationId: string, token: string, expiresInSeconds: number, domain: string): Session {
  return { conversationId, token, domain, expiresAt: Date.now() + expiresInSeconds * 1000, userId: userIdOf(token) };
}

/** Returns the parsed JSON body, or null for one of the `refusals` statuses. */
async function postJson(url: string, body: unknown, headers: Record<string, string>, refusals: number[] = []): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? null : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch (cause) {
    throw new SessionError(`POST ${url} failed: network error`, { cause });
  }
  if (refusals.includes(response.status)) return null;
  if (!response.ok) {
    const error = new SessionError(`POST ${url} failed: HTTP ${response.status}`);
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status === 429) error.retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 30;
    throw error;
  }
  return response.json();
}

function parse<T>(schema: z.ZodMiniType<T>, json: unknown, what: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new SessionError(`${what}: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`, { cause: result.error });
}

/** The JWT's `user` claim; DirectLineJS reads the same claim without verifying the signature. */
export function userIdOf(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    const user = (json as { user?: unknown } | null)?.user;
    return typeof user === 'string' ? user : undefined;
  } catch {
    return undefined; // opaque (non-JWT) token, as Azure may issue: fall back to from.role
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage; // throws in sandboxed frames and some privacy modes
  } catch {
    return null;
  }
}
