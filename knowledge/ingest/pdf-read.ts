import { getDocument, type PDFDocumentLoadingTask } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { Block } from '../model.ts';
import { IngestRefusal, withTimeout, type IngestLimits } from './limits.ts';
import { PDF_OPTIONS } from './pdf-options.ts';
import { pdfLinesToBlocks, type PdfLine } from './pdf-layout.ts';

/**
 * PDF text per page with pdf.js (Mozilla's parser, kept current for Firefox). Only text is read: no rendering, no
 * fonts loaded, no eval. This module runs only inside the worker thread pdf.ts starts (see there why).
 */

export interface PdfText {
  readonly title?: string;
  readonly blocks: Block[];
}

export async function readPdf(bytes: Uint8Array, limits: IngestLimits): Promise<PdfText> {
  // A copy: pdf.js takes ownership of (and may detach) the buffer it is given.
  const task = getDocument({ data: new Uint8Array(bytes), ...PDF_OPTIONS });
  try {
    return await withTimeout(read(task, limits), limits.maxParseMs, `the PDF took longer than ${limits.maxParseMs / 1000} s to read`);
  } finally {
    await task.destroy();
  }
}

async function read(task: PDFDocumentLoadingTask, limits: IngestLimits): Promise<PdfText> {
  const doc = await task.promise.catch((error: unknown) => {
    throw refusalFor(error);
  });
  if (doc.numPages > limits.maxPages) throw new IngestRefusal(`the PDF has ${doc.numPages} pages; the limit is ${limits.maxPages}`);
  const lines: PdfLine[] = [];
  let chars = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const items = content.items.filter((i): i is TextItem => 'str' in i);
    for (const line of pageLines(items, n)) {
      chars += line.text.length;
      if (chars > limits.maxTextChars) throw new IngestRefusal(`more than ${limits.maxTextChars.toLocaleString('en')} characters of text`);
      lines.push(line);
    }
    page.cleanup();
  }
  const info = (await doc.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
  const title = typeof info?.Title === 'string' ? usableTitle(info.Title) : undefined;
  const blocks = pdfLinesToBlocks(lines);
  return title ? { title, blocks } : { blocks };
}

/** Items to lines: a new line where pdf.js marks one or the baseline moves; a space where a gap separates items. */
function pageLines(items: readonly TextItem[], page: number): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: { text: string; y: number; size: number; endX: number } | undefined;
  let eol = false;
  for (const item of items) {
    const [, , , d = 0, x = 0, y = 0] = item.transform as number[];
    const size = Math.abs(d) || item.height;
    if (!current || eol || Math.abs(y - current.y) > Math.max(size, current.size) * 0.5) {
      if (current) lines.push({ page, text: current.text, y: current.y, size: current.size });
      current = { text: item.str, y, size, endX: x + item.width };
    } else {
      const gap = x - current.endX > size * 0.15 && !/\s$/.test(current.text) && !/^\s/.test(item.str);
      current.text += (gap ? ' ' : '') + item.str;
      current.size = Math.max(current.size, size);
      current.endX = x + item.width;
    }
    eol = item.hasEOL;
  }
  if (current) lines.push({ page, text: current.text, y: current.y, size: current.size });
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text !== '');
}

/** Word and print drivers fill Title with the file name or "Untitled"; those are worse than the first heading. */
function usableTitle(raw: string): string | undefined {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title || /^(untitled|document\d*|microsoft word - )/i.test(title) || /\.\w{2,4}$/.test(title)) return undefined;
  return title;
}

function refusalFor(error: unknown): IngestRefusal {
  const name = (error as { name?: string })?.name;
  const message = String((error as { message?: string })?.message ?? error).replace(/\.$/, '');
  if (name === 'PasswordException') return new IngestRefusal('the PDF is password-protected');
  if (name === 'InvalidPDFException') return new IngestRefusal(`not a PDF: the file is damaged (${message})`);
  return new IngestRefusal(`the PDF could not be read (${message})`);
}
