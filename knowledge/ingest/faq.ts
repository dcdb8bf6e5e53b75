import type { Block } from '../model.ts';

/**
 * FAQ files: a question heading and everything under it (up to the next heading of the same or a higher level)
 * becomes one `qa` block, so the index can match a customer's question against the question the article answers.
 */

type Heading = Extract<Block, { kind: 'heading' }>;

const isQuestion = (text: string) => /\?\s*$/.test(text);

/**
 * Turns question headings into `qa` blocks when `declaredFaq` (front matter `type: faq`) or when the file clearly
 * is one. Returns the blocks unchanged, and `faq: false`, otherwise.
 */
export function applyFaqRule(blocks: readonly Block[], declaredFaq: boolean): { blocks: Block[]; faq: boolean } {
  const questions = questionHeadings(blocks, declaredFaq);
  if (questions.size === 0 || (!declaredFaq && !looksLikeFaq(blocks, questions))) return { blocks: [...blocks], faq: false };
  const out: Block[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.kind !== 'heading' || !questions.has(i)) {
      out.push(block);
      continue;
    }
    const end = sectionEnd(blocks, i);
    out.push({ kind: 'qa', question: block.text, answer: answerText(blocks.slice(i + 1, end)) });
    i = end - 1;
  }
  return { blocks: out, faq: true };
}

/**
 * Indexes of the headings that ask a question and have an answer under them. In a declared FAQ, the answered headings
 * at the questions' levels are all entries ("I didn't get the email."); one with no question marks at all uses its
 * deepest headings below the title.
 */
function questionHeadings(blocks: readonly Block[], declaredFaq: boolean): Set<number> {
  const answered = (i: number) => blocks.slice(i + 1, sectionEnd(blocks, i)).some((b) => b.kind !== 'heading');
  const headings = blocks.flatMap((b, i) => (b.kind === 'heading' && answered(i) ? [{ i, b }] : []));
  const asking = headings.filter(({ b }) => isQuestion(b.text));
  if (!declaredFaq) return new Set(asking.map(({ i }) => i));
  const levels = new Set(asking.map(({ b }) => b.level));
  if (levels.size === 0) levels.add(Math.max(...headings.map(({ b }) => b.level)));
  return new Set(headings.filter(({ b }) => levels.has(b.level) && (b.level > 1 || isQuestion(b.text))).map(({ i }) => i));
}

/** Clearly Q/A: at least two answered questions, and questions are at least half the headings below the title. */
function looksLikeFaq(blocks: readonly Block[], questions: ReadonlySet<number>): boolean {
  const headings = blocks.filter((b): b is Heading => b.kind === 'heading');
  const belowTitle = headings.filter((h, k) => !(k === 0 && h.level === 1)).length;
  return questions.size >= 2 && questions.size * 2 >= belowTitle;
}

/** The index after the last block under the heading at `start`. */
function sectionEnd(blocks: readonly Block[], start: number): number {
  const level = (blocks[start] as Heading).level;
  for (let i = start + 1; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'heading' && b.level <= level) return i;
  }
  return blocks.length;
}

/** Sub-headings inside an answer stay as lines of its text, so nothing under the question is lost. */
function answerText(blocks: readonly Block[]): string {
  return blocks
    .map((b) => (b.kind === 'qa' ? `${b.question}\n${b.answer}` : b.text))
    .filter((t) => t.trim() !== '')
    .join('\n\n');
}
