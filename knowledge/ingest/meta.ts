import type { ArticleMeta } from '../model.ts';

/**
 * An article's metadata from what its source says (SharePoint columns) over what the file says (front matter,
 * <title>, document properties), over defaults. The source wins because its columns are what a library's owners
 * curate; a file's own title is often stale ("Document1").
 */
export function resolveMeta(
  fileMeta: Partial<ArticleMeta> | undefined,
  sourceMeta: Partial<ArticleMeta> | undefined,
  fallbackTitle: string,
): ArticleMeta {
  const file = fileMeta ?? {};
  const source = sourceMeta ?? {};
  const product = source.product ?? file.product;
  const version = source.version ?? file.version;
  const url = [source.url, file.url].find(isSafeUrl);
  return {
    title: nonEmpty(source.title) ?? nonEmpty(file.title) ?? fallbackTitle,
    // FAQ detection sets the file's type to 'faq'; anything undeclared is guidance.
    type: source.type ?? file.type ?? 'guidance',
    // Internal if either side says so: a file marked for reps must not reach customers because a column was left
    // at its default.
    audience: source.audience === 'internal' || file.audience === 'internal' ? 'internal' : 'external',
    tags: [...new Set([...(file.tags ?? []), ...(source.tags ?? [])])],
    ...(product ? { product } : {}),
    ...(version ? { version } : {}),
    ...(url ? { url } : {}),
  };
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}

/** Only web links become citations customers click (not javascript:, file: or data:). */
function isSafeUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\/[^\s]+$/i.test(url);
}
