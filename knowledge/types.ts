/**
 * The knowledge contract the bot's topics use: ask a question, get a confident answer with its sources, a
 * question back when the answer depends on the product version, or nothing (the bot then says it does not know
 * rather than guess).
 */

export interface Citation {
  readonly title: string;
  /** A link customers can open, when the source has one. */
  readonly url?: string;
  /** Where the article lives (a path in the knowledge folder), for reps and makers. */
  readonly path?: string;
  readonly version?: string;
}

export interface KnowledgeAnswer {
  /** Markdown. */
  readonly text: string;
  readonly citations: readonly Citation[];
  /** What was quoted, so a customer's thumbs up or down is stored against the article and its version. */
  readonly source?: { readonly documentId: string; readonly passageId: string; readonly version?: string };
}

/** Who is asking and about what, so internal articles and other product versions stay out of the answer. */
export interface AnswerContext {
  readonly audience: 'external' | 'internal';
  readonly product?: string;
  readonly version?: string;
}

export type KnowledgeReply =
  | { readonly kind: 'answer'; readonly answer: KnowledgeAnswer }
  /** The best articles differ by version and the conversation does not say which one the customer has. */
  | { readonly kind: 'ask-version'; readonly product: string; readonly versions: readonly string[] }
  | { readonly kind: 'none' };

export interface KnowledgeAnswerer {
  answer(question: string, context: AnswerContext): Promise<KnowledgeReply>;
}
