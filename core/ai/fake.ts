import type { z } from 'zod';
import type { ChatModel, CompletionRequest, OutputSchema } from './chat-model.ts';
import { type AiFailureReason, AiUnavailableError } from './errors.ts';
import { parseOutput, responseFormat } from './schema.ts';

/**
 * One scripted answer: a reply (validated against the request's schema exactly as a real one is, after `delayMs`)
 * or a failure. A delay past the request's deadline rejects as `timeout`.
 */
export type FakeStep = { readonly output: unknown; readonly delayMs?: number } | { readonly fail: AiFailureReason };

/** A `ChatModel` for unit tests: scripted replies, recorded requests, and embeddings that need no service. */
export class FakeChatModel implements ChatModel {
  readonly name: string;
  /** Every completion request, in order. */
  readonly requests: CompletionRequest<OutputSchema>[] = [];
  /** Every embed call's texts, in order. */
  readonly embedded: string[][] = [];
  readonly #steps: FakeStep[] = [];
  readonly #dimensions: number;
  readonly #timeoutMs: number;

  constructor(options: { name?: string; dimensions?: number; timeoutMs?: number } = {}) {
    this.name = options.name ?? 'fake';
    this.#dimensions = options.dimensions ?? 64;
    this.#timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** Queues the next answers, in order; a call with nothing scripted rejects as `unavailable`. */
  script(...steps: FakeStep[]): this {
    this.#steps.push(...steps);
    return this;
  }

  async complete<S extends OutputSchema>(request: CompletionRequest<S>): Promise<z.output<S>> {
    responseFormat(request.schema, request.name); // the same schema rules as the real service
    this.requests.push(request);
    const step = this.#steps.shift();
    if (!step) throw new AiUnavailableError('unavailable', `${this.name}: no reply scripted for ${request.name}`);
    if ('fail' in step) throw new AiUnavailableError(step.fail, `${this.name}: scripted ${step.fail}`);
    const deadline = request.timeoutMs ?? this.#timeoutMs;
    if ((step.delayMs ?? 0) >= deadline) {
      await sleep(deadline);
      throw new AiUnavailableError('timeout', `${this.name}: no answer within ${deadline} ms`);
    }
    if (step.delayMs) await sleep(step.delayMs);
    return parseOutput(request.schema, request.name, JSON.stringify(step.output));
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    this.embedded.push([...texts]);
    return texts.map((text) => hashedTrigrams(text, this.#dimensions));
  }
}

/** Deterministic and cheap, yet texts sharing words land close together: enough for retrieval tests. */
function hashedTrigrams(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const padded = ` ${text.toLowerCase().replace(/\s+/g, ' ').trim()} `;
  for (let i = 0; i + 3 <= padded.length; i++) {
    let hash = 0x811c9dc5; // FNV-1a
    for (let j = i; j < i + 3; j++) hash = Math.imul(hash ^ padded.charCodeAt(j), 0x01000193);
    vector[(hash >>> 0) % dimensions]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((x) => x / norm);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
