import { z } from 'zod';

/**
 * What knowledge is made of, from file to answer: a source lists items; an item's bytes parse into a document
 * (metadata + blocks); a document is cut into passages (one per FAQ question, or a section under its headings);
 * the index ranks passages; an answer quotes the best one with its citation.
 */

export const ARTICLE_TYPES = ['faq', 'resolution', 'guidance', 'industry', 'customer-service'] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

export const AUDIENCES = ['internal', 'external'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Front matter of a Markdown file (and the same fields from SharePoint columns); everything optional. */
export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    type: z.enum(ARTICLE_TYPES),
    product: z.string().trim().min(1).max(100),
    version: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
    audience: z.enum(AUDIENCES),
    tags: z.array(z.string().trim().min(1).max(60)).max(50),
    url: z.url(),
  })
  .partial()
  .strict();
export type FrontMatter = z.output<typeof frontMatterSchema>;

export interface ArticleMeta {
  readonly title: string;
  readonly type: ArticleType;
  readonly product?: string;
  readonly version?: string;
  /** Who may see it: external articles answer customers; internal ones only reps. Default: external. */
  readonly audience: Audience;
  readonly tags: readonly string[];
  /** A link customers can open (SharePoint web URL, a help-centre page); absent for local files. */
  readonly url?: string;
}

/** A parsed file, before it is cut into passages. */
export interface ParsedDocument {
  /** What the file itself says about itself (front matter, HTML <title>, DOCX/PDF properties). */
  readonly meta: Partial<ArticleMeta>;
  readonly blocks: readonly Block[];
}

export type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string }
  | { readonly kind: 'text'; readonly text: string }
  /** A question with its answer (FAQ files): becomes one passage of its own. */
  | { readonly kind: 'qa'; readonly question: string; readonly answer: string };

/** The unit the index ranks and an answer quotes. */
export interface Passage {
  /** `${documentId}#${ordinal}`. */
  readonly id: string;
  readonly documentId: string;
  readonly ordinal: number;
  /** The headings above the passage, outermost first. */
  readonly headings: readonly string[];
  /** For an FAQ entry, its question. */
  readonly question?: string;
  /** Plain text (Markdown emphasis and links kept readable). */
  readonly text: string;
}

/** A document as the knowledge base keeps it. */
export interface KnowledgeDocument {
  /** `${sourceId}:${key}`. */
  readonly id: string;
  readonly sourceId: string;
  /** The item's key in its source: a relative path, a Graph drive item id, an article id. */
  readonly key: string;
  /** sha256 of the bytes it was parsed from: unchanged bytes are not parsed again. */
  readonly contentHash: string;
  readonly meta: ArticleMeta;
  readonly passages: readonly Passage[];
  /** Where it came from, for citations when there is no URL (a path under the knowledge folder). */
  readonly location: string;
  readonly updatedAt: string;
}

/** Why a file was not indexed (shown by `knowledge status`). */
export interface SkippedFile {
  readonly sourceId: string;
  readonly key: string;
  readonly reason: string;
}
