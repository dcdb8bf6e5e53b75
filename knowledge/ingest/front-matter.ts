import { parseYaml } from '../../core/yaml.ts';
import { frontMatterSchema, type ArticleMeta, type FrontMatter } from '../model.ts';
import { IngestRefusal } from './limits.ts';

/**
 * YAML front matter of a Markdown file (`---` … `---`), read with the project's safe YAML reader and checked with
 * the shared schema. A broken block refuses the whole file: indexing it without its `audience: internal` could show
 * reps' notes to customers, so guessing is worse than skipping with the line to fix.
 */

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*\r?$/m;

export interface SplitMarkdown {
  readonly meta: Partial<ArticleMeta>;
  readonly body: string;
}

export function readFrontMatter(text: string, name: string): SplitMarkdown {
  const opening = OPENING.exec(text);
  if (!opening) return { meta: {}, body: text };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (!closing) throw new IngestRefusal('front matter line 1: not closed (no --- line ends it)');
  const yaml = rest.slice(0, closing.index);
  const body = rest.slice(closing.index + closing[0].length);
  if (yaml.trim() === '') return { meta: {}, body };
  const parsed = parseYaml(yaml, name, frontMatterSchema);
  if (!parsed.ok) {
    const issue = parsed.issues[0]!;
    // +1: the YAML starts on the line after the opening `---`.
    const line = issue.line === undefined ? 1 : issue.line + 1;
    throw new IngestRefusal(`front matter line ${line}: ${issue.path ? `${issue.path}: ` : ''}${readable(issue.message)}`);
  }
  const meta = toMeta(parsed.data);
  if (meta.url !== undefined && !/^https?:\/\//i.test(meta.url)) {
    const line = (parsed.locate(['url'])?.line ?? 0) + 1;
    // A javascript: or file: link would be shown to customers as a citation.
    throw new IngestRefusal(`front matter line ${line}: url: must start with http:// or https://`);
  }
  return { meta, body };
}

function toMeta(data: FrontMatter): Partial<ArticleMeta> {
  const entries = Object.entries(data).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries) as Partial<ArticleMeta>;
}

/** zod says `Invalid option: expected one of "faq"|"resolution"`; a maker reads `expected one of faq, resolution`. */
function readable(message: string): string {
  return message
    .replace(/^Invalid option: /, '')
    .replace(/expected one of (.+)$/, (_, list: string) => `expected one of ${list.split('|').map((s) => s.replace(/^"|"$/g, '')).join(', ')}`);
}
