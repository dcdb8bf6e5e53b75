import { Parser } from 'htmlparser2';
import type { Block } from '../model.ts';
import { IngestRefusal } from './limits.ts';

/**
 * HTML to blocks, streamed (no DOM is built, so memory follows the text, not the markup). Headings become heading
 * blocks, paragraphs and lists text blocks; scripts, styles and page chrome (nav, footer) are dropped. Also reads
 * what mammoth makes of a DOCX, and raw HTML inside Markdown.
 */

export interface HtmlText {
  /** The `<title>`, when the page has one. */
  readonly title?: string;
  readonly blocks: Block[];
}

export function htmlToBlocks(html: string, maxChars: number): HtmlText {
  const collector = new TextCollector(maxChars);
  const parser = new Parser(
    {
      onopentag: (name, attribs) => collector.open(name, attribs),
      ontext: (data) => collector.text(data),
      onclosetag: (name) => collector.close(name),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return collector.finish();
}

/** Never text for a reader: code, styling, embedded objects and site navigation. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'canvas', 'iframe', 'object', 'nav', 'footer', 'select']);
const PARAGRAPHS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'blockquote', 'pre', 'table', 'dl', 'dd', 'details',
  'figure', 'figcaption', 'form', 'address', 'fieldset', 'hr', 'body',
]);
const LISTS = new Set(['ul', 'ol']);
/** FAQ widgets: a `<summary>` or `<dt>` is the question, so it reads as a heading one level below the last. */
const QUESTIONS = new Set(['summary', 'dt']);
/** Elements that never have content, so never close a skipped region. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const isHeading = (name: string) => /^h[1-6]$/.test(name);

/** The parser's events to blocks: text gathers into lines, lines into paragraphs, closed by block elements. */
class TextCollector {
  readonly #blocks: Block[] = [];
  readonly #anchors: { start: number; href: string }[] = [];
  #title = '';
  #chars = 0;
  #skipDepth = 0;
  #inTitle = false;
  #preDepth = 0;
  #listDepth = 0;
  #headingLevel = 0;
  #lastHeadingLevel = 0;
  #line = '';
  #lines: string[] = [];

  constructor(private readonly maxChars: number) {}

  open(name: string, attribs: Record<string, string>): void {
    if (this.#skipDepth > 0 || SKIPPED.has(name) || 'hidden' in attribs || attribs['aria-hidden'] === 'true') {
      if (!VOID.has(name)) this.#skipDepth++;
      return;
    }
    if (name === 'title') this.#inTitle = true;
    else if (isHeading(name)) this.#openHeading(Number(name[1]));
    else if (QUESTIONS.has(name)) this.#openHeading(Math.min(this.#lastHeadingLevel + 1, 6));
    else if (name === 'li') {
      this.#breakLine();
      this.#line = '- ';
    } else if (LISTS.has(name)) this.#listDepth++ === 0 ? this.#breakParagraph() : this.#breakLine();
    else if (name === 'br' || name === 'tr') this.#breakLine();
    else if (name === 'td' || name === 'th') this.#line += this.#line.trim() === '' ? '' : ' | ';
    else if (PARAGRAPHS.has(name)) this.#listDepth > 0 ? this.#breakLine() : this.#breakParagraph();
    if (name === 'pre') this.#preDepth++;
    if (name === 'a') this.#anchors.push({ start: this.#line.length, href: (attribs.href ?? '').trim() });
  }

  text(data: string): void {
    if (this.#skipDepth > 0) return;
    if (this.#inTitle) this.#title += data;
    else if (this.#preDepth === 0) this.#line += data.replace(/\s+/g, ' ');
    else {
      // Preformatted text keeps its line breaks.
      const [first, ...rest] = data.split('\n');
      this.#line += first;
      for (const next of rest) {
        this.#breakLine();
        this.#line = next;
      }
    }
  }

  close(name: string): void {
    if (this.#skipDepth > 0) {
      if (!VOID.has(name)) this.#skipDepth--;
      return;
    }
    if (name === 'title') this.#inTitle = false;
    else if (this.#headingLevel > 0 && (isHeading(name) || QUESTIONS.has(name))) this.#closeHeading(!QUESTIONS.has(name));
    else if (name === 'a') this.#closeAnchor();
    else if (name === 'li' || name === 'tr') this.#breakLine();
    else if (LISTS.has(name)) {
      this.#listDepth = Math.max(0, this.#listDepth - 1);
      this.#listDepth === 0 ? this.#breakParagraph() : this.#breakLine();
    } else if (PARAGRAPHS.has(name)) this.#listDepth > 0 ? this.#breakLine() : this.#breakParagraph();
    if (name === 'pre') this.#preDepth = Math.max(0, this.#preDepth - 1);
  }

  finish(): HtmlText {
    this.#breakParagraph();
    const title = this.#title.replace(/\s+/g, ' ').trim();
    return title ? { title, blocks: this.#blocks } : { blocks: this.#blocks };
  }

  #push(block: Block & { text: string }): void {
    // Checked as text arrives, so a huge page is refused before it is all held as blocks.
    this.#chars += block.text.length;
    if (this.#chars > this.maxChars) throw new IngestRefusal(`more than ${this.maxChars.toLocaleString('en')} characters of text`);
    this.#blocks.push(block);
  }

  #openHeading(level: number): void {
    this.#breakParagraph();
    this.#headingLevel = level;
  }

  #closeHeading(real: boolean): void {
    const text = this.#line.replace(/\s+/g, ' ').trim();
    if (text !== '') {
      this.#push({ kind: 'heading', level: this.#headingLevel, text });
      if (real) this.#lastHeadingLevel = this.#headingLevel;
    }
    this.#line = '';
    this.#headingLevel = 0;
  }

  /** Links stay usable in plain text: "returns portal (https://…)". Relative links mean nothing out of the page. */
  #closeAnchor(): void {
    const anchor = this.#anchors.pop();
    if (!anchor || !/^(?:https?:|mailto:)/i.test(anchor.href)) return;
    const label = this.#line.slice(anchor.start).trim();
    if (label === '') this.#line += anchor.href;
    else if (label !== anchor.href && label !== anchor.href.replace(/^mailto:/i, '')) this.#line += ` (${anchor.href})`;
  }

  #breakLine(): void {
    const text = this.#preDepth > 0 ? this.#line.replace(/\s+$/, '') : this.#line.replace(/[ \t]+/g, ' ').trim();
    if (text !== '' && text !== '-') this.#lines.push(text);
    this.#line = '';
  }

  #breakParagraph(): void {
    this.#breakLine();
    if (this.#lines.length > 0) this.#push({ kind: 'text', text: this.#lines.join('\n') });
    this.#lines = [];
  }
}
