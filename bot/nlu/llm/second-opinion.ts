import { AiUnavailableError, type ChatModel } from '../../../core/ai/index.ts';
import type { Logger } from '../../../core/logger.ts';
import type { AsyncIntentClassifier, IntentClassifier, IntentExamples, IntentResult, IntentScore } from '../types.ts';
import { buildCatalog, customerMessage, IntentChoice, type IntentCatalog } from './prompt.ts';

export interface SecondOpinionOptions {
  /** Deadline for the model's answer, after which the embedded result stands. Default 1500 ms. */
  readonly timeoutMs?: number;
  /** Consult the model when the embedded top confidence is below this, or out of scope, or ambiguous. Default 0.6. */
  readonly consultBelow?: number;
  /** The model's own confidence needed for its pick to become `top`; below it, the answer is "none". Default 0.5. */
  readonly minModelConfidence?: number;
  /** Example phrases per intent in the prompt. Default 5. */
  readonly phrasesPerIntent?: number;
  /** Characters of example phrases in the prompt, all intents together. Default 6000. */
  readonly maxExampleChars?: number;
  /** Characters of the customer's text sent. Default 1000. */
  readonly maxTextChars?: number;
  readonly log?: Logger;
}

/** Examples as given, or read on each call so a retrain on topic change is picked up without re-wrapping. */
export type ExamplesSource = readonly IntentExamples[] | (() => readonly IntentExamples[]);

/**
 * Answers from the embedded classifier, and asks the chat model only when that answer is uncertain. The model picks
 * from the known intents (few-shot from their trigger phrases) or none; if it is unavailable, slow or answers
 * outside the schema, the embedded result stands. `source` says which one answered.
 */
export function withLlmSecondOpinion(
  embedded: IntentClassifier,
  chat: ChatModel,
  examples: ExamplesSource,
  options: SecondOpinionOptions = {},
): AsyncIntentClassifier {
  const timeoutMs = options.timeoutMs ?? 1500;
  const consultBelow = options.consultBelow ?? 0.6;
  const minModelConfidence = options.minModelConfidence ?? 0.5;
  const limits = {
    phrasesPerIntent: options.phrasesPerIntent ?? 5,
    maxExampleChars: options.maxExampleChars ?? 6000,
    maxTextChars: options.maxTextChars ?? 1000,
  };
  let cached: { from: readonly IntentExamples[]; catalog: IntentCatalog } | undefined;
  const catalogNow = (): IntentCatalog => {
    const current = typeof examples === 'function' ? examples() : examples;
    if (cached?.from !== current) cached = { from: current, catalog: buildCatalog(current, limits) };
    return cached.catalog;
  };

  return {
    async classify(text, classifyOptions) {
      const first = embedded.classify(text, classifyOptions);
      if (!text.trim() || !isUncertain(first, consultBelow)) return first;
      const catalog = catalogNow();
      if (catalog.intents.size === 0) return first;
      try {
        const request = chat.complete({
          name: 'intent_choice',
          system: catalog.system,
          messages: [{ role: 'user', content: customerMessage(text, limits.maxTextChars) }],
          schema: IntentChoice,
          timeoutMs,
        });
        const choice = await withinDeadline(request, timeoutMs, chat.name);
        const limit = classifyOptions?.limit ?? 5;
        return fromModel(first, choice, catalog.intents, { source: chat.name, limit, minModelConfidence });
      } catch (error) {
        if (!(error instanceof AiUnavailableError)) throw error;
        // An open circuit repeats on every uncertain turn during an outage: not worth a warning each time.
        const level = error.reason === 'circuit-open' ? 'debug' : 'warn';
        const message = 'intent second opinion unavailable; embedded result stands';
        options.log?.[level]({ reason: error.reason, err: error }, message);
        return first;
      }
    },
  };
}

/** Lets the embedded classifier stand where an `AsyncIntentClassifier` is expected (no cloud configured). */
export function asAsync(classifier: IntentClassifier): AsyncIntentClassifier {
  return { classify: async (text, options) => classifier.classify(text, options) };
}

/** Out of scope, a tie between the top two, or a top confidence under the bar. */
export function isUncertain(result: IntentResult, consultBelow: number): boolean {
  return result.top === null || result.ambiguous || result.top.confidence < consultBelow;
}

/**
 * The model's pick becomes `top` (an unknown name counts as none); the embedded ranking follows it, scaled so the
 * confidences still sum to at most 1 and none outranks the pick.
 */
function fromModel(
  first: IntentResult,
  choice: IntentChoice,
  known: ReadonlySet<string>,
  options: { source: string; limit: number; minModelConfidence: number },
): IntentResult {
  const intent = choice.intent !== null && known.has(choice.intent) ? choice.intent : null;
  if (intent === null) {
    return { ranking: first.ranking.slice(0, options.limit), top: null, ambiguous: false, source: options.source };
  }
  const confidence = Number.isFinite(choice.confidence) ? Math.min(1, Math.max(0, choice.confidence)) : 0;
  const others = first.ranking.filter((score) => score.intent !== intent);
  const othersSum = others.reduce((sum, score) => sum + score.confidence, 0);
  const scale = othersSum > 1 - confidence ? (1 - confidence) / othersSum : 1;
  const picked: IntentScore = { intent, confidence };
  const scaled = others.map((s) => ({ intent: s.intent, confidence: Math.min(confidence, s.confidence * scale) }));
  const ranking = [picked, ...scaled];
  return {
    ranking: ranking.slice(0, options.limit),
    top: confidence >= options.minModelConfidence ? picked : null,
    ambiguous: false,
    source: options.source,
  };
}

/** The chat model is asked to honour the deadline; this makes sure of it, whatever the implementation. */
async function withinDeadline<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AiUnavailableError('timeout', `${name}: no intent within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined); // it may settle after the deadline; its outcome no longer matters
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
