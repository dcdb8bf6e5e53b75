/**
 * The knowledge contract the bot's topics use: ask a question, get a confident answer with its sources, or
 * nothing (the bot then says it does not know rather than guess).
 */

export interface Citation {
  readonly title: string;
  /** A link customers can open, when the source has one. */
  readonly url?: string;
  readonly version?: string;
}

export interface KnowledgeAnswer {
  /** Markdown. */
  readonly text: string;
  readonly citations: readonly Citation[];
}

/** Who is asking and about what, so internal articles and other product versions stay out of the answer. */
export interface AnswerContext {
  readonly audience: 'external' | 'internal';
  readonly product?: string;
  readonly version?: string;
}

export interface KnowledgeAnswerer {
  /** Resolves with null when nothing answers the question confidently. */
  answer(question: string, context: AnswerContext): Promise<KnowledgeAnswer | null>;
}
