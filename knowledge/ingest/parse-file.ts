import { extname } from 'node:path';
import type { ArticleMeta, Block, ParsedDocument } from '../model.ts';
import { decodeText } from './decode.ts';
import { docxToHtml } from './docx.ts';
import { applyFaqRule } from './faq.ts';
import { readFrontMatter } from './front-matter.ts';
import { htmlToBlocks } from './html.ts';
import { DEFAULT_INGEST_LIMITS, formatBytes, IngestRefusal, type IngestLimits } from './limits.ts';
import { markdownToBlocks } from './markdown.ts';
import { pdfToBlocks } from './pdf.ts';

/**
 * File bytes to a parsed document, chosen by extension. Everything a file can do wrong ends as `{ ok: false }` with
 * one sentence a maker can act on; this is the only place refusals and parser failures become results.
 */

export type ParseResult = { readonly ok: true; readonly document: ParsedDocument } | { readonly ok: false; readonly reason: string };

interface Parsed {
  readonly meta: Partial<ArticleMeta>;
  readonly blocks: Block[];
}

type Parser = (bytes: Buffer, limits: IngestLimits, name: string, ext: string) => Promise<Parsed>;

const PARSERS: Readonly<Record<string, Parser>> = {
  '.md': markdown,
  '.markdown': markdown,
  '.html': html,
  '.htm': html,
  '.txt': text,
  '.pdf': pdf,
  '.docx': docx,
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.freeze(Object.keys(PARSERS));

export async function parseFile(name: string, bytes: Buffer, limits: IngestLimits = DEFAULT_INGEST_LIMITS): Promise<ParseResult> {
  const ext = extname(name).toLowerCase();
  const parser = PARSERS[ext];
  if (!parser) return { ok: false, reason: ext ? `unsupported file type ${ext}` : 'unsupported file type (no extension)' };
  if (bytes.length === 0) return { ok: false, reason: 'the file is empty' };
  if (bytes.length > limits.maxBytes) return { ok: false, reason: `larger than ${formatBytes(limits.maxBytes)}` };
  try {
    const { meta, blocks } = await parser(bytes, limits, name, ext);
    const chars = blocks.reduce((n, b) => n + (b.kind === 'qa' ? b.question.length + b.answer.length : b.text.length), 0);
    if (chars > limits.maxTextChars) return { ok: false, reason: `more than ${limits.maxTextChars.toLocaleString('en')} characters of text` };
    if (!blocks.some((b) => b.kind !== 'heading')) return { ok: false, reason: noTextReason(ext) };
    return { ok: true, document: { meta: { ...meta, title: meta.title ?? titleOf(blocks) ?? titleFromName(name) }, blocks } };
  } catch (error) {
    if (error instanceof IngestRefusal) return { ok: false, reason: error.message };
    // A parser bug or an input no check foresaw: still one file skipped with its cause, never a failed sync.
    return { ok: false, reason: `could not be read (${(error as Error)?.message ?? String(error)})` };
  }
}

async function markdown(bytes: Buffer, limits: IngestLimits, name: string, ext: string): Promise<Parsed> {
  const { meta, body } = readFrontMatter(decodeText(bytes, ext), name);
  return withFaq(meta, markdownToBlocks(body, limits.maxTextChars));
}

async function html(bytes: Buffer, limits: IngestLimits, _name: string, ext: string): Promise<Parsed> {
  const page = htmlToBlocks(decodeText(bytes, ext), limits.maxTextChars);
  // "Size guide | Northwind Outfitters": the H1 is the same title without the site's name.
  const h1 = titleOf(page.blocks);
  const title = h1 && page.title?.startsWith(h1) ? h1 : page.title;
  return withFaq(title ? { title } : {}, page.blocks);
}

async function text(bytes: Buffer, _limits: IngestLimits, _name: string, ext: string): Promise<Parsed> {
  const paragraphs = decodeText(bytes, ext)
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.split(/\r?\n/).map((l) => l.replace(/[ \t]+/g, ' ').trim()).filter(Boolean).join('\n'))
    .filter(Boolean);
  return { meta: {}, blocks: paragraphs.map((p) => ({ kind: 'text', text: p })) };
}

async function pdf(bytes: Buffer, limits: IngestLimits): Promise<Parsed> {
  const { title, blocks } = await pdfToBlocks(bytes, limits);
  // "Title from metadata or the first line": a PDF without headings still gets a readable title.
  const first = blocks[0];
  const fallback = first?.kind === 'text' ? first.text.split('\n')[0]!.slice(0, 120) : undefined;
  return { meta: title ? { title } : fallback && !blocks.some((b) => b.kind === 'heading') ? { title: fallback } : {}, blocks };
}

async function docx(bytes: Buffer, limits: IngestLimits): Promise<Parsed> {
  const { html: markup, title } = await docxToHtml(bytes, limits);
  return withFaq(title ? { title } : {}, htmlToBlocks(markup, limits.maxTextChars).blocks);
}

/** Declared FAQs (`type: faq`) and files that clearly are Q/A become qa blocks; detection marks the type. */
function withFaq(meta: Partial<ArticleMeta>, blocks: Block[]): Parsed {
  const result = applyFaqRule(blocks, meta.type === 'faq');
  if (result.faq && meta.type === undefined) return { meta: { ...meta, type: 'faq' }, blocks: result.blocks };
  return { meta, blocks: result.blocks };
}

function titleOf(blocks: readonly Block[]): string | undefined {
  const h1 = blocks.find((b) => b.kind === 'heading' && b.level === 1);
  return h1?.kind === 'heading' ? h1.text : undefined;
}

/** `returns-and-refunds.md` → `Returns and refunds`; `Tent setup guide.pdf` → `Tent setup guide`. */
function titleFromName(name: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/\.[^.]+$/, '');
  const words = base.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : name;
}

function noTextReason(ext: string): string {
  return ext === '.pdf' ? 'no text in the PDF (a scan? text in images is not read)' : 'no text in the file';
}
