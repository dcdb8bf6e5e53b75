/** Sign-in helpers the hub auth suites share: a browser-like cookie session and a bearer session. */

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-0123' } as const;

export interface Reply {
  readonly status: number;
  readonly body: any; // JSON under test
  readonly headers: Headers;
}

export async function call(url: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** What a signed-in console holds: its cookies, its CSRF token, and headers for a same-origin state change. */
export interface CookieSession {
  readonly accountId: string;
  readonly cookie: string;
  readonly csrf: string;
  readonly setCookies: readonly string[];
  /** Cookie only (a GET, or a forged cross-site request). */
  readonly cookieHeader: Record<string, string>;
  /** Cookie, our Origin and the CSRF header: what the console sends on a POST. */
  readonly stateHeaders: Record<string, string>;
}

export async function signIn(url: string, email: string, password: string): Promise<CookieSession> {
  const reply = await call(url, '/api/hub/auth/login', { body: { email, password }, headers: { origin: url } });
  if (reply.status !== 200) throw new Error(`sign-in as ${email} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  const setCookies = reply.headers.getSetCookie();
  const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
  return {
    accountId: reply.body.account.id,
    cookie,
    csrf: reply.body.csrfToken,
    setCookies,
    cookieHeader: { cookie },
    stateHeaders: { cookie, origin: url, 'x-csrf-token': reply.body.csrfToken },
  };
}

export async function signInForToken(url: string, email: string, password: string): Promise<string> {
  const reply = await call(url, '/api/hub/auth/login', { body: { email, password, transport: 'token' } });
  if (reply.status !== 200) throw new Error(`sign-in as ${email} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body.token;
}

export async function createAccount(
  url: string,
  admin: CookieSession,
  account: { email: string; password: string; role: 'rep' | 'supervisor' | 'admin'; displayName?: string; skills?: string[]; capacity?: number },
): Promise<string> {
  const reply = await call(url, '/api/hub/accounts', {
    body: { displayName: account.email.split('@')[0], ...account },
    headers: admin.stateHeaders,
  });
  if (reply.status !== 201) throw new Error(`creating ${account.email} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body.account.id;
}
