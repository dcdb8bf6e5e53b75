/**
 * The few Microsoft Graph GETs the SharePoint source needs, over plain `fetch` with an app-only bearer token.
 *
 * Why not `@microsoft/microsoft-graph-client`: it only understands absolute https links (research B8), so a local
 * fake on http://127.0.0.1 breaks its paging; its RetryHandler caps waits at 180 s while SharePoint asks for up to
 * ~300 s, does not retry 500/502 or dropped connections, and does not stop a Retry-After wait when the caller's
 * AbortSignal fires. Doing it here is ~150 lines and the same code runs against Graph and against the fake.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { retryAfterMs } from '../../core/ai/index.ts';
import type { Logger } from '../../core/logger.ts';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Throttled or briefly down: worth the same request again. */
const RETRYABLE = new Set([429, 500, 502, 503, 504]);
/** Longer than SharePoint's largest reported Retry-After (~300 s): anything beyond is treated as an outage. */
const MAX_WAIT_MS = 320_000;
/** A token this close to expiry is renewed first, so it cannot expire between getToken and the request. */
const TOKEN_MARGIN_MS = 120_000;

export class GraphError extends Error {
  override readonly name = 'GraphError';
  /** HTTP status; undefined when no answer came (connection refused or reset). */
  readonly status: number | undefined;
  /** Graph's `error.code`, e.g. `itemNotFound`, `resyncRequired`. */
  readonly code: string | undefined;
  constructor(message: string, status: number | undefined, code: string | undefined, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
  }
}

export interface GraphClientOptions {
  readonly credential: TokenCredential;
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Retries after the first request, per request (default 4). */
  readonly maxRetries?: number;
  /** First backoff when Graph gave no Retry-After; doubles per retry, with jitter (default 1 s). */
  readonly backoffMs?: number;
  readonly now?: () => number;
  /** Waits between retries; must reject when `signal` aborts (tests inject an instant one). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log?: Logger;
}

export interface GraphClient {
  /** GET a Graph path (`/sites/…`) or an absolute link Graph handed out (`@odata.nextLink`, a stored deltaLink). */
  getJson(pathOrLink: string, signal: AbortSignal): Promise<unknown>;
  /** GET `…/content`: follows the 302 to the pre-authenticated URL without the token, and stops past `maxBytes`. */
  download(path: string, signal: AbortSignal, maxBytes: number): Promise<Buffer>;
  /** Whether a link points at this Graph endpoint (the only place the token may be sent). */
  isGraphLink(link: string): boolean;
}

export function createGraphClient(o: GraphClientOptions): GraphClient {
  const base = (o.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
  const origin = new URL(base).origin;
  const fetchImpl = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? defaultSleep;
  const maxRetries = Math.max(0, Math.floor(o.maxRetries ?? 4));
  let cached: AccessToken | undefined;

  const isGraphLink = (link: string) => URL.canParse(link) && new URL(link).origin === origin;
  const resolve = (pathOrLink: string): URL => {
    if (pathOrLink.startsWith('/')) return new URL(base + pathOrLink);
    // A link from elsewhere must not receive our token: refuse rather than send it, or send it unauthenticated.
    if (!isGraphLink(pathOrLink)) throw new GraphError(`refusing to call ${safe(pathOrLink)}: not under ${base}`, undefined, undefined);
    return new URL(pathOrLink);
  };

  async function token(signal: AbortSignal): Promise<string> {
    if (cached && cached.expiresOnTimestamp - now() > TOKEN_MARGIN_MS) return cached.token;
    try {
      cached = (await o.credential.getToken(GRAPH_SCOPE, { abortSignal: signal })) ?? undefined;
    } catch (error) {
      signal.throwIfAborted();
      throw new GraphError(`could not get a Graph token: ${(error as Error).message}`, undefined, undefined, { cause: error });
    }
    if (!cached) throw new GraphError('could not get a Graph token: the credential returned none', undefined, undefined);
    return cached.token;
  }

  /** One GET with bounded retries; 2xx and 3xx come back, anything else throws a GraphError naming the request. */
  async function send(url: URL, withToken: boolean, signal: AbortSignal): Promise<Response> {
    const what = `GET ${safe(url.href)}`;
    for (let attempt = 1; ; attempt += 1) {
      signal.throwIfAborted();
      const headers: Record<string, string> = { accept: 'application/json' };
      if (withToken) headers.authorization = `Bearer ${await token(signal)}`;
      let failure: GraphError;
      let waitMs: number | undefined;
      try {
        // 'manual': a redirect is never followed with the token attached (download handles its 302 itself).
        const response = await fetchImpl(url, { headers, redirect: 'manual', signal });
        if (response.status < 400) return response;
        const { code, message } = await errorBody(response);
        failure = new GraphError(`${what}: ${response.status} ${code ?? response.statusText}: ${message}`, response.status, code);
        if (!RETRYABLE.has(response.status)) throw failure;
        waitMs = retryAfterMs(response.headers, now());
      } catch (error) {
        if (error instanceof GraphError || signal.aborted) throw error;
        failure = new GraphError(`${what}: ${(error as Error).message}`, undefined, undefined, { cause: error });
      }
      if (attempt > maxRetries) {
        throw new GraphError(`${failure.message} (gave up after ${attempt} attempts)`, failure.status, failure.code, { cause: failure });
      }
      if (waitMs !== undefined && waitMs > MAX_WAIT_MS) {
        throw new GraphError(`${failure.message} (Graph asked to wait ${Math.round(waitMs / 1000)} s)`, failure.status, failure.code, { cause: failure });
      }
      const ms = waitMs ?? backoff(o.backoffMs ?? 1000, attempt);
      o.log?.warn({ status: failure.status, attempt, waitMs: Math.round(ms), url: safe(url.href) }, 'Graph request failed; retrying');
      await sleep(ms, signal);
    }
  }

  return {
    isGraphLink,
    async getJson(pathOrLink, signal) {
      const url = resolve(pathOrLink);
      const response = await send(url, true, signal);
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new GraphError(`GET ${safe(url.href)}: unexpected ${response.status}`, response.status, undefined);
      }
      return response.json();
    },
    async download(path, signal, maxBytes) {
      const url = resolve(path);
      let response = await send(url, true, signal);
      if (response.status >= 300) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location) throw new GraphError(`GET ${safe(url.href)}: ${response.status} without a Location`, response.status, undefined);
        // The pre-authenticated URL carries its own short-lived credential; our bearer token must not go there.
        response = await send(new URL(location, url), false, signal);
        if (response.status !== 200) throw new GraphError(`download of ${safe(url.href)}: unexpected ${response.status}`, response.status, undefined);
      }
      return readCapped(response, maxBytes, safe(url.href));
    },
  };
}

/** Streams the body, cancelling it as soon as it passes the cap, so a huge file is never held in memory. */
async function readCapped(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  const tooBig = () => new GraphError(`${what}: larger than the ${maxBytes}-byte limit`, response.status, 'tooLarge');
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read()) {
    total += read.value.byteLength;
    if (total > maxBytes) {
      await reader?.cancel();
      throw tooBig();
    }
    chunks.push(Buffer.from(read.value));
  }
  return Buffer.concat(chunks);
}

async function errorBody(response: Response): Promise<{ code?: string; message: string }> {
  const text = await response.text().catch((error: Error) => `(body unreadable: ${error.message})`);
  try {
    const { error } = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (error && typeof error.message === 'string') {
      return { code: typeof error.code === 'string' ? error.code : undefined, message: error.message };
    }
  } catch {
    // Not Graph's JSON error shape (a gateway's HTML page): the raw text below says what happened.
  }
  return { message: text.slice(0, 200) || '(empty body)' };
}

/** Origin and path only: query strings hold delta tokens and the download URL's `tempauth`. */
function safe(href: string): string {
  return URL.canParse(href) ? ((u) => u.origin + u.pathname)(new URL(href)) : '(invalid URL)';
}

/** Exponential with "equal jitter", capped at a minute, so sources throttled together spread out. */
function backoff(baseMs: number, attempt: number): number {
  const ceiling = Math.min(60_000, baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + (Math.random() * ceiling) / 2;
}

async function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    // Rethrow the caller's reason (its deadline) rather than a generic AbortError.
    throw signal.aborted ? signal.reason : error;
  }
}
