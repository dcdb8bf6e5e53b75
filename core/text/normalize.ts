/**
 * Text normalisation shared by intent classification and knowledge retrieval: one canonical form so that the same
 * words typed on different keyboards, in different case or with stray control characters become the same features.
 */

// Curly quotes and primes as typed by phones and word processors: folded so "don’t" and "don't" are one word.
const QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;
// Control and format characters (C0/C1, zero-width, bidi marks, lone surrogates) are dropped, except the zero-width
// joiner, which holds multi-codepoint emoji together.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu;

export interface NormalizeOptions {
  /** Longer input is cut (at a code point boundary) before any work, so cost stays bounded. Default 2,000. */
  readonly maxLength?: number;
}

/** NFKC, lower case, typographic quotes folded, invisible characters dropped, whitespace collapsed. Never throws. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  const max = options.maxLength ?? 2000;
  const cut = text.length > max ? cutAt(text, max) : text;
  return cut
    .normalize('NFKC')
    .toLowerCase()
    .replace(QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ')
    .replace(INVISIBLE, (ch) => (ch === '\u200D' ? ch : ''))
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Cuts without splitting a surrogate pair: a lone surrogate would not survive normalize(). */
function cutAt(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
