import type { Block, ParsedDocument, Passage } from '../model.ts';

/**
 * A parsed document cut into the passages the index ranks. Each passage keeps the headings above it, so "Washing"
 * under "Stormbreak Jacket 2025" stays findable and quotable in context; an FAQ entry is one passage with its
 * question; other text is packed into passages of about MIN–MAX words, cut between paragraphs, else between
 * sentences, else between words, never inside one.
 */

export const PASSAGE_WORDS = Object.freeze({ min: 40, max: 250 });

interface Section {
  readonly headings: readonly string[];
  readonly paragraphs: readonly string[];
}

type Item = { readonly kind: 'section'; readonly section: Section } | { readonly kind: 'qa'; readonly headings: readonly string[]; readonly question: string; readonly answer: string };

export function toPassages(documentId: string, parsed: ParsedDocument): Passage[] {
  const drafts = mergeTiny(itemsOf(parsed.blocks)).flatMap((item) =>
    item.kind === 'qa'
      ? // An answer longer than a passage is still cut, each part under its question, so passages stay bounded.
        pack(item.answer.split(/\n{2,}/)).map((text) => ({ headings: item.headings, question: item.question, text }))
      : pack(item.section.paragraphs).map((text) => ({ headings: item.section.headings, text })),
  );
  return drafts.map((draft, ordinal) => ({ id: `${documentId}#${ordinal}`, documentId, ordinal, ...draft }));
}

/** Blocks to sections (the text under one heading path) and qa entries, in document order. */
function itemsOf(blocks: readonly Block[]): Item[] {
  const items: Item[] = [];
  const stack: { level: number; text: string }[] = [];
  let paragraphs: string[] = [];
  const close = () => {
    if (paragraphs.length > 0) items.push({ kind: 'section', section: { headings: stack.map((h) => h.text), paragraphs } });
    paragraphs = [];
  };
  for (const block of blocks) {
    if (block.kind === 'heading') {
      close();
      while (stack.length > 0 && stack.at(-1)!.level >= block.level) stack.pop();
      stack.push({ level: block.level, text: block.text });
    } else if (block.kind === 'qa') {
      close();
      items.push({ kind: 'qa', headings: stack.map((h) => h.text), question: block.question, answer: block.answer });
    } else paragraphs.push(block.text);
  }
  close();
  return items;
}

/**
 * A tiny section joins the next one under the same heading: an introduction goes in front of the subsection that
 * follows it (under the subsection's headings); a short subsection joins its next sibling when both fit in one
 * passage, under their parent's headings, each keeping its own heading as a first line.
 */
function mergeTiny(items: readonly Item[]): Item[] {
  const out: Item[] = [];
  let pending: Section | undefined;
  for (const item of items) {
    if (item.kind === 'qa') {
      if (pending) out.push({ kind: 'section', section: pending });
      pending = undefined;
      out.push(item);
      continue;
    }
    pending = pending ? (merge(pending, item.section) ?? flushed(out, pending, item.section)) : item.section;
  }
  if (pending) out.push({ kind: 'section', section: pending });
  return out;
}

function flushed(out: Item[], done: Section, next: Section): Section {
  out.push({ kind: 'section', section: done });
  return next;
}

function merge(a: Section, b: Section): Section | undefined {
  const words = wordsOf(a.paragraphs.join(' '));
  if (words >= PASSAGE_WORDS.min) return undefined;
  // b is under a's heading: a is its introduction, and b's headings hold for both.
  if (startsWith(b.headings, a.headings)) return { headings: b.headings, paragraphs: [...a.paragraphs, ...b.paragraphs] };
  const siblings = a.headings.length === b.headings.length && startsWith(b.headings, a.headings.slice(0, -1));
  if (!siblings || words + wordsOf(b.paragraphs.join(' ')) > PASSAGE_WORDS.max) return undefined;
  const shared = a.headings.slice(0, -1);
  return { headings: shared, paragraphs: [...labelled(a, shared.length), ...labelled(b, shared.length)] };
}

/** The section's paragraphs, its headings below the shared ones as a first line, so no heading text is lost. */
function labelled(section: Section, shared: number): string[] {
  const own = section.headings.slice(shared);
  if (own.length === 0) return [...section.paragraphs];
  const [first = '', ...rest] = section.paragraphs;
  return [`${own.join(' – ')}\n${first}`, ...rest];
}

interface Unit {
  readonly text: string;
  readonly words: number;
  /** Whether the unit starts a paragraph (joined by a blank line) or continues one (joined by a space). */
  readonly opens: boolean;
}

/** Packs paragraphs into passages of at most MAX words, evened out so the last one is not a scrap. */
function pack(paragraphs: readonly string[]): string[] {
  const units = paragraphs.flatMap(unitsOf);
  const total = units.reduce((n, u) => n + u.words, 0);
  const target = total / Math.max(1, Math.ceil(total / PASSAGE_WORDS.max));
  const pieces: Unit[][] = [];
  let current: Unit[] = [];
  let words = 0;
  for (const unit of units) {
    if (current.length > 0 && (words + unit.words > PASSAGE_WORDS.max || words >= target)) {
      pieces.push(current);
      current = [];
      words = 0;
    }
    current.push(unit);
    words += unit.words;
  }
  if (current.length > 0) pieces.push(current);
  return pieces.map((piece) => piece.map((u, k) => (k === 0 ? '' : u.opens ? '\n\n' : ' ') + u.text).join(''));
}

/** A paragraph, or its sentences when it is too long, or runs of words when a sentence is. */
function unitsOf(paragraph: string): Unit[] {
  const words = wordsOf(paragraph);
  if (words <= PASSAGE_WORDS.max) return [{ text: paragraph, words, opens: true }];
  const sentences = [...SENTENCES.segment(paragraph)].map((s) => s.segment.trim()).filter(Boolean);
  return sentences
    .flatMap((sentence) => (wordsOf(sentence) <= PASSAGE_WORDS.max ? [sentence] : wordRuns(sentence)))
    .map((text, k) => ({ text, words: wordsOf(text), opens: k === 0 }));
}

const SENTENCES = new Intl.Segmenter('en', { granularity: 'sentence' });

function wordRuns(sentence: string): string[] {
  const words = sentence.split(/\s+/).filter(Boolean);
  const runs: string[] = [];
  for (let i = 0; i < words.length; i += PASSAGE_WORDS.max) runs.push(words.slice(i, i + PASSAGE_WORDS.max).join(' '));
  return runs;
}

function wordsOf(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((h, i) => path[i] === h);
}

function commonPrefix(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) out.push(a[i]!);
  return out;
}
