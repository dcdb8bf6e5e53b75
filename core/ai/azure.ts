import { AzureOpenAI } from 'openai';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { ChatModel, CompletionRequest, OutputSchema } from './chat-model.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { decodeEmbeddings } from './embeddings.ts';
import { AiUnavailableError } from './errors.ts';
import { classifyAzureError } from './azure-errors.ts';
import { withRetries, type RetryPolicy } from './resilience.ts';
import { parseOutput, responseFormat } from './schema.ts';

export interface AzureChatModelOptions {
  /** The resource URL, e.g. `https://my-resource.openai.azure.com`. */
  readonly endpoint: string;
  readonly apiVersion: string;
  /** Key auth; when absent, keyless Entra ID auth through `tokenProvider` or DefaultAzureCredential. */
  readonly apiKey?: string | undefined;
  /** A bearer-token source for keyless auth; default: DefaultAzureCredential for the Cognitive Services scope. */
  readonly tokenProvider?: () => Promise<string>;
  /** Deployment names; a call to an unconfigured one rejects (reason `rejected`) without a request. */
  readonly chatDeployment?: string | undefined;
  readonly embeddingDeployment?: string | undefined;
  /** Default deadline per call, retries included. */
  readonly timeoutMs: number;
  /** Our retries after the first request (0–2); the SDK's own are turned off. */
  readonly maxRetries: number;
  /** Consecutive failed requests that open a deployment's circuit, and how long it stays open. */
  readonly breaker: { readonly failures: number; readonly openMs: number };
  /** Texts per embeddings request. */
  readonly embeddingBatchSize?: number;
  readonly log?: Logger;
  readonly now?: () => number;
}

const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/** A `ChatModel` on Azure OpenAI through the `openai` package's AzureOpenAI client; one circuit per deployment. */
export function createAzureChatModel(options: AzureChatModelOptions): ChatModel {
  const client = createClient(options);
  const policy = (deployment: string): RetryPolicy => ({
    maxRetries: options.maxRetries,
    classify: classifyAzureError,
    now: options.now,
    breaker: new CircuitBreaker({
      ...options.breaker,
      now: options.now,
      onChange: (state, failures) =>
        state === 'open'
          ? options.log?.warn({ deployment, failures, openMs: options.breaker.openMs }, 'azure openai circuit opened')
          : options.log?.info({ deployment }, 'azure openai circuit closed'),
    }),
    onRetry: (info) => options.log?.debug(info, 'azure openai retry'),
  });
  const target = (deployment: string | undefined) => (deployment ? { deployment, policy: policy(deployment) } : undefined);
  const chat = target(options.chatDeployment);
  const embedding = target(options.embeddingDeployment);
  const batchSize = Math.max(1, options.embeddingBatchSize ?? 64);

  return {
    name: 'azure-openai',

    async complete<S extends OutputSchema>(request: CompletionRequest<S>): Promise<z.output<S>> {
      const format = responseFormat(request.schema, request.name);
      if (!chat) throw notConfigured('chat');
      const completion = await withRetries(
        `chat ${chat.deployment} ${request.name}`,
        request.timeoutMs ?? options.timeoutMs,
        (signal) =>
          client.chat.completions.create(
            {
              // With no deployment on the client, `model` is the deployment in the URL (one client for both kinds).
              model: chat.deployment,
              messages: [{ role: 'system', content: request.system }, ...request.messages],
              response_format: format,
              ...(request.maxOutputTokens ? { max_completion_tokens: request.maxOutputTokens } : {}),
            },
            { signal },
          ),
        chat.policy,
      );
      return parseOutput(request.schema, request.name, replyContent(completion, request.name));
    },

    async embed(texts, embedOptions) {
      if (texts.length === 0) return [];
      if (!embedding) throw notConfigured('embedding');
      const now = options.now ?? Date.now;
      const deadline = now() + (embedOptions?.timeoutMs ?? options.timeoutMs); // for the whole call, all batches
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const input = texts.slice(start, start + batchSize);
        const response = await withRetries(
          `embeddings ${embedding.deployment}`,
          deadline - now(),
          // Asking for base64 ourselves makes the SDK hand the strings over untouched, and we decode them straight
          // into Float32Array: half the memory of the number[] it would build.
          (signal) =>
            client.embeddings.create({ model: embedding.deployment, input, encoding_format: 'base64' }, { signal }),
          embedding.policy,
        );
        vectors.push(...decodeEmbeddings(response, input.length));
      }
      return vectors;
    },
  };
}

function createClient(options: AzureChatModelOptions): AzureOpenAI {
  const auth = options.apiKey
    ? { apiKey: options.apiKey }
    : // An empty key, not a missing one: the SDK would read AZURE_OPENAI_API_KEY from the environment instead, and refuse
      // to start with both a key and a token provider.
      { apiKey: '', azureADTokenProvider: options.tokenProvider ?? defaultCredentialTokenProvider() };
  return new AzureOpenAI({
    ...auth,
    apiVersion: options.apiVersion,
    // baseURL rather than `endpoint`, and explicit nulls: otherwise the SDK falls back to OPENAI_BASE_URL,
    // AZURE_OPENAI_ENDPOINT, OPENAI_ORG_ID… from the environment behind the config's back.
    baseURL: `${options.endpoint.replace(/\/+$/, '')}/openai`,
    organization: null,
    project: null,
    // One retry policy, ours (withRetries): the SDK's default of 2 would multiply with it, up to 9 requests a call.
    maxRetries: 0,
    // The SDK logs to the console; failures reach our logs as AiUnavailableError instead.
    logLevel: 'off',
  });
}

/** DefaultAzureCredential (managed identity, workload identity, az login…), loaded only when keyless auth is used. */
function defaultCredentialTokenProvider(): () => Promise<string> {
  let provider: Promise<() => Promise<string>> | undefined;
  return async () => {
    provider ??= import('@azure/identity').then(({ DefaultAzureCredential, getBearerTokenProvider }) =>
      getBearerTokenProvider(new DefaultAzureCredential(), COGNITIVE_SERVICES_SCOPE),
    );
    return (await provider)();
  };
}

const Completion = z.object({
  choices: z.array(
    z.object({
      finish_reason: z.string().nullable(),
      message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
    }),
  ),
});

/** The reply's JSON text; a refusal, a content filter or a cut-off reply is not an answer. */
function replyContent(completion: unknown, name: string): string {
  const parsed = Completion.safeParse(completion);
  const choice = parsed.success ? parsed.data.choices[0] : undefined;
  if (!choice) throw new AiUnavailableError('invalid-output', `${name}: the service sent no choice`);
  const fail = (reason: 'rejected' | 'invalid-output', why: string) => new AiUnavailableError(reason, `${name}: ${why}`);
  if (choice.message.refusal) throw fail('rejected', `the model refused (${choice.message.refusal})`);
  if (choice.finish_reason === 'content_filter') throw fail('rejected', 'reply blocked by the content filter');
  if (choice.finish_reason === 'length') throw fail('invalid-output', 'reply cut off at the token limit');
  if (!choice.message.content) throw fail('invalid-output', 'empty reply');
  return choice.message.content;
}

function notConfigured(kind: 'chat' | 'embedding'): AiUnavailableError {
  return new AiUnavailableError('rejected', `azure openai: no ${kind} deployment configured`);
}
