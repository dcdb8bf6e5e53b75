/**
 * SharePoint library columns → article metadata. Graph returns a list item's `fields` under the columns' internal
 * names, which keep the name a column was first created with (`Article Type` → `Article_x0020_Type`) and get a
 * digit when they clash with a built-in (`Version` → `Version0`). So names are matched loosely: case, spaces,
 * `_x0020_` and other punctuation are ignored, and a trailing `0` is dropped.
 *
 *   Column (any of)                        → meta     values
 *   Title, ArticleTitle                    → title    text (SharePoint's own Title, often empty: then ignored)
 *   ArticleType, KBType                    → type     faq | resolution | guidance | industry | customer-service
 *   Product                                → product  text
 *   ProductVersion, Version (Version0)     → version  text or number
 *   Audience                               → audience internal | external
 *   Tags, Keywords, TaxKeyword             → tags     multi-choice, managed metadata, or text split on , or ;
 *
 * Choice values are matched without regard to case, spaces or underscores (`Customer Service` → customer-service).
 * A value that does not fit is dropped with a warning rather than failing the file.
 */
import type { Logger } from '../../core/logger.ts';
import { ARTICLE_TYPES, type ArticleMeta, AUDIENCES, frontMatterSchema } from '../model.ts';

type MetaField = 'title' | 'type' | 'product' | 'version' | 'audience' | 'tags';

const COLUMNS: Record<string, MetaField> = {
  title: 'title',
  articletitle: 'title',
  articletype: 'type',
  kbtype: 'type',
  product: 'product',
  productversion: 'version',
  version: 'version',
  audience: 'audience',
  tags: 'tags',
  keywords: 'tags',
  taxkeyword: 'tags',
};

/** The column names above, for documentation and `knowledge status`. */
export const SHAREPOINT_COLUMNS: Readonly<Record<string, MetaField>> = COLUMNS;

export function metaFromColumns(fields: Readonly<Record<string, unknown>>, where: string, log?: Logger): Partial<ArticleMeta> {
  const meta: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(fields)) {
    const field = COLUMNS[normalizeColumn(column)];
    if (!field || raw === null || raw === undefined || raw === '' || field in meta) continue;
    const value = field === 'tags' ? toTags(raw) : field === 'type' || field === 'audience' ? toChoice(raw, field) : raw;
    // The same zod schema as Markdown front matter, so both routes accept exactly the same values.
    const parsed = frontMatterSchema.safeParse({ [field]: value });
    if (parsed.success) meta[field] = parsed.data[field];
    else log?.warn({ where, column, value: raw }, `SharePoint column ${column} ignored: ${parsed.error.issues[0]?.message}`);
  }
  return meta as Partial<ArticleMeta>;
}

function normalizeColumn(name: string): string {
  return name
    .replace(/_x[0-9a-f]{4}_/gi, '')
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .replace(/(?<=[a-z])0$/, '');
}

function toChoice(raw: unknown, field: 'type' | 'audience'): unknown {
  if (typeof raw !== 'string') return raw;
  const wanted = raw.trim().toLowerCase().replace(/[\s_]+/g, '-');
  const allowed: readonly string[] = field === 'type' ? ARTICLE_TYPES : AUDIENCES;
  return allowed.find((v) => v === wanted || v.replace(/-/g, '') === wanted.replace(/-/g, '')) ?? raw;
}

/** Multi-choice columns come as string arrays, managed metadata as `{ Label }` objects, text as one string. */
function toTags(raw: unknown): unknown {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[;,]/) : [raw];
  return list
    .map((t) => (typeof t === 'object' && t !== null && 'Label' in t ? (t as { Label: unknown }).Label : t))
    .map((t) => (typeof t === 'string' ? t.trim() : t))
    .filter((t) => t !== '');
}
