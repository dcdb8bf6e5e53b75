/**
 * A local fake of Azure OpenAI speaking its REST protocol, so the real `openai` SDK client is exercised end to end:
 * `POST /openai/deployments/{deployment}/chat/completions?api-version=…` and `…/embeddings`, authenticated by an
 * `api-key` header or `Authorization: Bearer …`. Each test scripts the next answers and reads the recorded requests.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer; `delayMs` holds it back (for timeouts), and the next request gets the next step. */
export type FakeAzureStep = { readonly delayMs?: number } & (
  | { readonly json: unknown } // a chat completion whose content is this, as JSON
  | { readonly content: string } // a chat completion with this raw content (e.g. malformed JSON)
  | { readonly refusal: string }
  | { readonly finishReason: 'length' | 'content_filter' }
  | { readonly embeddings: readonly (readonly number[])[] } // base64 floats, unless the request asked for 'float'
  | { readonly status: number; readonly retryAfter?: string; readonly retryAfterMs?: number; readonly message?: string }
  | { readonly hangUp: true } // closes the connection without answering
);

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly deployment: string | undefined;
  /** `chat/completions` or `embeddings`. */
  readonly operation: string | undefined;
  readonly apiVersion: string | null;
  readonly headers: IncomingHttpHeaders;
  // The parsed JSON body, loosely typed so tests can reach into it.
  readonly body: any;
}

export interface FakeAzureOpenAI {
  /** The endpoint to configure, e.g. http://127.0.0.1:51234 (the SDK appends /openai). */
  readonly url: string;
  readonly apiKey: string;
  readonly requests: RecordedRequest[];
  script(...steps: FakeAzureStep[]): void;
  /** Steps not yet used, so a test can check that nothing it scripted was left unasked. */
  readonly pending: number;
  close(): Promise<void>;
}

const ROUTE = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;

export async function startFakeAzureOpenAI(
  options: { apiKey?: string; bearerToken?: string; deployments?: readonly string[] } = {},
): Promise<FakeAzureOpenAI> {
  const apiKey = options.apiKey ?? 'test-api-key';
  const steps: FakeAzureStep[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const match = ROUTE.exec(url.pathname);
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        deployment: match?.[1] && decodeURIComponent(match[1]),
        operation: match?.[2],
        apiVersion: url.searchParams.get('api-version'),
        headers: req.headers,
        body: raw ? JSON.parse(raw) : undefined,
      });
      const authorized =
        req.headers['api-key'] === apiKey ||
        (options.bearerToken !== undefined && req.headers.authorization === `Bearer ${options.bearerToken}`);
      if (!authorized) return sendError(res, 401, '401', 'Access denied due to invalid subscription key or wrong API endpoint.');
      if (req.method !== 'POST' || !match || !url.searchParams.get('api-version')) {
        return sendError(res, 404, '404', 'Resource not found');
      }
      if (options.deployments && !options.deployments.includes(match[1]!)) {
        return sendError(res, 404, 'DeploymentNotFound', 'The API deployment for this resource does not exist.');
      }
      const step = steps.shift();
      if (!step) return sendError(res, 500, 'InternalServerError', 'fake-azure-openai: no answer scripted');
      const answer = () => respond(res, step, requests.at(-1)!);
      if (!step.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, step.delayMs);
      timers.add(timer);
      // The client gave up (its deadline): drop the answer, as a real server's would be lost.
      res.on('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    requests,
    script: (...more) => void steps.push(...more),
    get pending() {
      return steps.length;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(res: ServerResponse, step: FakeAzureStep, request: RecordedRequest): void {
  if ('hangUp' in step) return void res.socket?.destroy();
  if ('status' in step) {
    const headers: Record<string, string> = {};
    if (step.retryAfter !== undefined) headers['retry-after'] = step.retryAfter;
    if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = String(step.retryAfterMs);
    const message =
      step.message ??
      (step.status === 429
        ? `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${request.apiVersion} have ` +
          `exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${step.retryAfter ?? 1} second.`
        : 'The server had an error while processing your request.');
    return sendError(res, step.status, String(step.status), message, headers);
  }
  if ('embeddings' in step) return sendJson(res, 200, embeddingsBody(step.embeddings, request));
  return sendJson(res, 200, completionBody(step, request));
}

function completionBody(step: FakeAzureStep, request: RecordedRequest): unknown {
  const content = 'json' in step ? JSON.stringify(step.json) : 'content' in step ? step.content : null;
  const finishReason = 'finishReason' in step ? step.finishReason : 'stop';
  return {
    id: `chatcmpl-${requestNumber++}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'gpt-4o-2024-08-06',
    system_fingerprint: 'fp_fake',
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
    choices: [
      {
        index: 0,
        finish_reason: finishReason,
        logprobs: null,
        message: { role: 'assistant', content, refusal: 'refusal' in step ? step.refusal : null },
        content_filter_results: {},
      },
    ],
    usage: { prompt_tokens: JSON.stringify(request.body ?? '').length >> 2, completion_tokens: 12, total_tokens: 0 },
  };
}

function embeddingsBody(vectors: readonly (readonly number[])[], request: RecordedRequest): unknown {
  const asFloats = request.body?.encoding_format === 'float';
  return {
    object: 'list',
    model: 'text-embedding-3-small',
    data: vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: asFloats ? vector : Buffer.from(new Float32Array(vector).buffer).toString('base64'),
    })),
    usage: { prompt_tokens: 8, total_tokens: 8 },
  };
}

let requestNumber = 1;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'apim-request-id': `fake-${requestNumber++}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}
