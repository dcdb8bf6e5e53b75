/**
 * The console's REST calls (sign-in, who am I, sign-out), same-origin with the httpOnly `hub_session` cookie.
 * Every state-changing request carries the session's CSRF token in X-CSRF-Token (auth/guard.ts checks it).
 */
import type { Account } from './types.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Signed {
  readonly account: Account;
  readonly csrfToken: string;
}

/** The signed-in account (with its capacity), or null when there is no live session. */
export async function whoAmI(): Promise<Signed | null> {
  const response = await request('GET', '/api/hub/auth/me');
  if (response.status === 401) return null;
  const body = await json(response);
  return { account: body.account as Account, csrfToken: String(body.csrfToken) };
}

/** Signs in (the server sets the cookies) and reads the full account. */
export async function signIn(email: string, password: string): Promise<Signed> {
  await json(await request('POST', '/api/hub/auth/login', { email, password }));
  const signed = await whoAmI();
  if (!signed) throw new ApiError(401, 'the session was not kept: are cookies blocked for this site?');
  return signed;
}

export async function signOut(csrfToken: string): Promise<void> {
  const response = await request('POST', '/api/hub/auth/logout', {}, { 'x-csrf-token': csrfToken });
  if (!response.ok && response.status !== 401) await json(response);
}

async function request(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  try {
    return await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw new ApiError(0, `the hub did not answer (${method} ${path}): check the network`, { cause });
  }
}

/** The body of a 2xx answer; otherwise the server's `{error:{message}}` as an ApiError. */
async function json(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } } & Record<string, unknown>;
  if (response.ok) return body;
  throw new ApiError(response.status, body.error?.message ?? `HTTP ${response.status}`);
}
