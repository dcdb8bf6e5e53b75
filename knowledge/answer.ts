import type { KnowledgeDocument, Passage } from './model.ts';
import type { AnswerContext, KnowledgeReply } from './types.ts';

/**
 * From ranked passages to what the bot says: the best passage, trimmed to the sentences that answer, with its
 * citation — or a question about the version when the best articles differ only by it — or nothing when the
 * best match is not confident enough: the bot never guesses.
 */

export interface RankedPassage {
  readonly passage: Passage;
  readonly document: KnowledgeDocument;
  /** 0..1, comparable across queries (the index's calibrated confidence). */
  readonly confidence: number;
}

export interface AnswerOptions {
  /** Below this the bot says it does not know. */
  readonly threshold: number;
  /** Longest extract, in words; longer passages keep their most relevant sentences. */
  readonly maxWords: number;
  /** How close to the best a hit must be to count as an equally good answer in another version. */
  readonly versionMargin: number;
}

export const DEFAULT_ANSWER_OPTIONS: Omit<AnswerOptions, 'threshold'> = { maxWords: 90, versionMargin: 0.15 };

export function composeAnswer(query: string, ranked: readonly RankedPassage[], context: AnswerContext, o: AnswerOptions): KnowledgeReply {
  const best = ranked[0];
  if (!best || best.confidence < o.threshold) return { kind: 'none' };
  const product = best.document.meta.product;
  if (!context.version && product) {
    const close = ranked.filter((r) => r.confidence >= Math.max(o.threshold, best.confidence - o.versionMargin) && r.document.meta.product === product);
    const versions = [...new Set(close.map((r) => r.document.meta.version).filter((v): v is string => v !== undefined))];
    if (versions.length > 1) return { kind: 'ask-version', product, versions: versions.sort().reverse() };
  }
  const { document, passage } = best;
  const meta = document.meta;
  return {
    kind: 'answer',
    answer: {
      text: extract(passage.text, query, o.maxWords),
      citations: [
        {
          title: citationTitle(meta.title, passage),
          ...(meta.url ? { url: meta.url } : {}),
          path: document.location,
          ...(meta.version ? { version: meta.version } : {}),
        },
      ],
      source: { documentId: document.id, passageId: passage.id, ...(meta.version ? { version: meta.version } : {}) },
    },
  };
}

/**
 * The passage itself when short; otherwise its sentences that share the most words with the question, in their
 * original order, up to `maxWords` — an answer, not an article.
 */
export function extract(text: string, query: string, maxWords: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= maxWords) return text.trim();
  const sentences = text.match(/[^.!?\n]+(?:[.!?]+|\n+|$)/g)?.map((s) => s.trim()).filter(Boolean) ?? [text];
  const wanted = new Set(terms(query));
  const scored = sentences.map((sentence, index) => ({ sentence, index, score: terms(sentence).filter((t) => wanted.has(t)).length }));
  // The first sentence often states the answer; it wins ties.
  const picked: typeof scored = [];
  let count = 0;
  for (const s of [...scored].sort((a, b) => b.score - a.score || a.index - b.index)) {
    const length = s.sentence.split(/\s+/).length;
    if (count + length > maxWords && picked.length > 0) continue;
    picked.push(s);
    count += length;
    if (count >= maxWords) break;
  }
  const ordered = picked.sort((a, b) => a.index - b.index);
  const gapped = ordered.map((s, i) => (i > 0 && s.index !== ordered[i - 1]!.index + 1 ? `… ${s.sentence}` : s.sentence));
  const last = ordered.at(-1)!.index < sentences.length - 1 ? ' …' : '';
  return clip(gapped.join(' '), maxWords) + last;
}

function clip(text: string, maxWords: number): string {
  const words = text.split(/\s+/);
  return words.length <= maxWords ? text : `${words.slice(0, maxWords).join(' ')}`;
}

function terms(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 2);
}

/** The article, and the question or section quoted when there is one: "Returns and refunds › How long does a refund take?". */
function citationTitle(title: string, passage: Passage): string {
  const section = passage.question ?? passage.headings.at(-1);
  return section && section !== title ? `${title} › ${section}` : title;
}
