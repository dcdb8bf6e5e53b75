import type { Block } from '../model.ts';

/**
 * A PDF has no headings or paragraphs, only positioned lines. Lines set larger than the body text are headings
 * (the largest size level 1, the next level 2, …); lines close together are one paragraph (PDF line breaks are
 * wrapping, not meaning); a bigger gap, a bullet or a new page starts another.
 */

export interface PdfLine {
  readonly page: number;
  readonly text: string;
  /** Baseline, from the bottom of the page (PDF coordinates). */
  readonly y: number;
  /** Font size in points. */
  readonly size: number;
}

const HEADING_SCALE = 1.15;
const MAX_HEADING_CHARS = 120;
const BULLET = /^(?:[•◦▪‣∙·*-]|\d{1,2}[.)])\s/;

export function pdfLinesToBlocks(lines: readonly PdfLine[]): Block[] {
  const body = bodySize(lines);
  const isHeading = (l: PdfLine) => l.size >= body * HEADING_SCALE && l.text.length <= MAX_HEADING_CHARS && /\p{L}/u.test(l.text);
  const levels = [...new Set(lines.filter(isHeading).map((l) => Math.round(l.size)))].sort((a, b) => b - a);
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let previous: PdfLine | undefined;
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'text', text: paragraph.join('\n') });
    paragraph = [];
  };
  for (const line of lines) {
    // Page numbers and running footers alone on a line ("3", "Page 3 of 7") are not content.
    if (/^(?:page\s+)?\d+(?:\s+of\s+\d+)?$/i.test(line.text)) continue;
    if (isHeading(line)) {
      flush();
      const level = Math.min(levels.indexOf(Math.round(line.size)) + 1, 6);
      const last = blocks.at(-1);
      // A heading wrapped over two lines arrives as two lines of the same size.
      if (last?.kind === 'heading' && last.level === level && previous && isHeading(previous) && previous.page === line.page) {
        blocks[blocks.length - 1] = { ...last, text: `${last.text} ${line.text}` };
      } else blocks.push({ kind: 'heading', level, text: line.text });
    } else {
      const newParagraph =
        !previous || isHeading(previous) || previous.page !== line.page || previous.y - line.y > line.size * 1.8 || BULLET.test(line.text);
      if (newParagraph && !BULLET.test(line.text)) flush();
      if (!newParagraph && paragraph.length > 0) paragraph[paragraph.length - 1] += ` ${line.text}`;
      else paragraph.push(line.text);
    }
    previous = line;
  }
  flush();
  return blocks;
}

/** The size most characters are set in. */
function bodySize(lines: readonly PdfLine[]): number {
  const chars = new Map<number, number>();
  for (const l of lines) chars.set(Math.round(l.size), (chars.get(Math.round(l.size)) ?? 0) + l.text.length);
  let best = 0;
  let most = -1;
  for (const [size, count] of chars) if (count > most || (count === most && size < best)) [best, most] = [size, count];
  return best || 1;
}
