import type { z } from 'zod';

/**
 * The seam every cloud-AI feature goes through (intent second opinion, knowledge answers, summaries, case
 * extraction). Implementations: Azure OpenAI (`azure.ts`) and a scripted fake (`fake.ts`). Every failure rejects
 * with `AiUnavailableError`, so a caller needs one catch to fall back to its embedded path.
 */
export interface ChatModel {
  /** Names the provider in results and logs, e.g. `azure-openai`. */
  readonly name: string;
  /** One structured completion: the reply is JSON matching `schema`, parsed and validated before it is returned. */
  complete<S extends OutputSchema>(request: CompletionRequest<S>): Promise<z.output<S>>;
  /** One vector per text, in input order, all of the same dimension. */
  embed(texts: readonly string[], options?: { timeoutMs?: number }): Promise<Float32Array[]>;
}

/**
 * The reply's shape. Structured outputs need an object at the root and "shape only" fields: no `.min()`, `.max()`,
 * `.int()`, `.email()`, `.regex()` (Azure rejects the keywords they emit) and `.nullable()` instead of `.optional()`.
 * Check ranges after the call.
 */
export type OutputSchema = z.ZodObject;

export interface ChatMessage {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

export interface CompletionRequest<S extends OutputSchema> {
  /** Names the schema for the service and in errors: letters, digits, `_` and `-`, at most 64. */
  readonly name: string;
  readonly system: string;
  readonly messages: readonly ChatMessage[];
  readonly schema: S;
  /** Deadline for the whole call, retries and Retry-After waits included; the model's default when unset. */
  readonly timeoutMs?: number;
  /** Caps the reply (`max_completion_tokens`); also lowers what Azure reserves against the deployment's quota. */
  readonly maxOutputTokens?: number;
}
