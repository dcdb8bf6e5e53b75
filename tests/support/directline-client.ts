import { createRequire } from 'node:module';
import { type Activity, DirectLine } from 'botframework-directlinejs';
import WebSocket from 'ws';
import { TokenService } from '../../bot/directline/index.ts';
import { TEST_TOKEN_SECRET } from './app.ts';
import { waitFor } from './wait.ts';

// DirectLineJS is written for browsers: its REST calls go through rxjs ajax (XMLHttpRequest), and it chooses the
// WebSocket transport only when a global WebSocket exists. Node 20 has neither, so the tests lend it xhr2 and ws.
const globals = globalThis as Record<string, unknown>;
globals.XMLHttpRequest ??= createRequire(import.meta.url)('xhr2');
globals.WebSocket ??= WebSocket;

export type { Activity } from 'botframework-directlinejs';

export const transports = [
  { name: 'WebSocket', webSocket: true },
  { name: 'polling', webSocket: false },
] as const;

export const textOf = (a: Activity | undefined): string => (a as { text?: string } | undefined)?.text ?? '';

/**
 * The bot's answer to the customer message carrying `words`: a bot message naming that message in replyToId.
 * Shaped for Array find/some/filter, which pass the whole array third. The bot's wording is not the channel's
 * business, so channel tests match on this, never on the reply text.
 */
export const isReplyTo = (words: string) => (a: Activity, _index: number, all: readonly Activity[]) =>
  a.from.role === 'bot' &&
  a.type === 'message' &&
  all.some(
    (asked) => asked.id === (a as { replyToId?: string }).replyToId && asked.from.role === 'user' && textOf(asked).includes(words),
  );

export interface ClientOptions {
  readonly domain: string;
  readonly token: string;
  readonly webSocket: boolean;
  readonly conversationId?: string;
  readonly watermark?: string;
}

/** Microsoft's DirectLineJS, connected on construction, collecting what it receives. Call `end()` when done. */
export class DirectLineClient {
  readonly received: Activity[] = [];
  readonly errors: unknown[] = [];
  readonly #dl: DirectLine;

  constructor(o: ClientOptions) {
    this.#dl = new DirectLine({ ...o, pollingInterval: 200 });
    // activity$ errors with "conversation ended" on end(); an rxjs stream without an error handler would throw it.
    this.#dl.activity$.subscribe({ next: (a) => this.received.push(a), error: (e: unknown) => this.errors.push(e) });
  }

  /** Stored activities only: typing is streamed with throw-away ids and is not part of the history. */
  get messages(): Activity[] {
    return this.received.filter((a) => a.type !== 'typing');
  }

  get messageIds(): string[] {
    return this.messages.map((a) => a.id ?? '(no id)');
  }

  /** What the client would replay on reconnect (the library keeps it private; Web Chat reads it the same way). */
  get watermark(): string {
    return (this.#dl as unknown as { watermark: string }).watermark;
  }

  post(activity: Record<string, unknown>): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#dl.postActivity(activity as unknown as Activity).subscribe({ next: resolve, error: reject });
    });
  }

  waitFor(predicate: (a: Activity, index: number, all: Activity[]) => boolean, what: string, timeoutMs = 10_000): Promise<Activity> {
    return waitFor(() => {
      if (this.errors.length > 0) throw new Error(`DirectLineJS failed while waiting for ${what}: ${String(this.errors[0])}`);
      return this.received.find(predicate);
    }, what, timeoutMs);
  }

  end(): void {
    this.#dl.end();
  }
}

export interface Conversation {
  readonly domain: string;
  readonly conversationId: string;
  readonly token: string;
}

export interface Answer {
  readonly status: number;
  readonly body: any; // JSON under test
}

/** One HTTP call; a JSON body is parsed, anything else is returned as text. */
export async function call(
  method: string,
  url: string,
  o: { token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  if (o.json !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: o.json !== undefined ? JSON.stringify(o.json) : o.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: response.status, body };
}

/** What the widget does first: a conversation-bound token from `POST /api/directline/token`. */
export async function widgetToken(url: string): Promise<Conversation> {
  const answer = await call('POST', `${url}/api/directline/token`);
  if (answer.status !== 200) throw new Error(`POST /api/directline/token answered ${answer.status}`);
  return answer.body as Conversation;
}

/** A widget token plus `POST /conversations`, which tells the bot (it answers with its welcome). */
export async function startConversation(url: string): Promise<Conversation> {
  const conversation = await widgetToken(url);
  const started = await call('POST', `${conversation.domain}/conversations`, { token: conversation.token, json: {} });
  if (started.status !== 201) throw new Error(`POST /conversations answered ${started.status}`);
  return conversation;
}

export const activitiesUrl = (c: Conversation) => `${c.domain}/conversations/${encodeURIComponent(c.conversationId)}/activities`;

/** The whole stored history, read with the conversation's own token. */
export async function history(c: Conversation): Promise<Activity[]> {
  const answer = await call('GET', activitiesUrl(c), { token: c.token });
  if (answer.status !== 200) throw new Error(`GET activities answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.activities as Activity[];
}

/** The user id a token speaks for (its `user` claim, as DirectLineJS and Web Chat read it). */
export function tokenUser(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { user: string };
  return payload.user;
}

/** A correctly signed token for the conversation that expired an hour ago. */
export async function expiredToken(conversationId: string, userId: string): Promise<string> {
  const tokens = new TokenService(TEST_TOKEN_SECRET, 60);
  return (await tokens.issue({ conversationId, userId }, Date.now() - 60 * 60 * 1000)).token;
}

export function streamUrl(c: Conversation, token = c.token, conversationId = c.conversationId): string {
  return `${c.domain.replace(/^http/, 'ws')}/conversations/${encodeURIComponent(conversationId)}/stream?t=${encodeURIComponent(token)}`;
}

/** The HTTP status a WebSocket upgrade gets: 101 when the stream opens, else the refusal's status. */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', reject); // after a resolve this is a no-op
  });
}
