/**
 * A tokeniser for sentiment: unlike the intent tokeniser it keeps what carries tone — case, punctuation runs
 * ("!!!", "?!"), emoji, emoticons (":-(", "<3"), elongations ("sooo") — and marks mentions and links so they can be
 * dropped rather than learned as words. Offsets index into the input, so callers can point at the cause.
 */

export type TokenKind = 'word' | 'number' | 'punct' | 'emoji' | 'emoticon' | 'mention' | 'hashtag' | 'url';

export interface Token {
  readonly text: string;
  readonly kind: TokenKind;
  readonly start: number;
}

// Order matters: the first alternative that matches at a position wins, so links and emoticons come before the
// punctuation they are made of, and masked words ("f***ing") before plain ones.
const PARTS = {
  url: String.raw`(?:https?:\/\/|www\.)[^\s<>"]+`,
  mention: String.raw`@\w{1,30}`,
  hashtag: String.raw`#[\p{L}\p{N}_]+`,
  emoticon: String.raw`(?:<\/?3+|[:;=8xX][\-o*'^]?[)\]}(\[{dDpPoO\/\\|@*3]+|[)\]}(\[{][\-o*'^]?[:;=8]|\^[_.\-]?\^|[-T][_.][-T]|[oO][_.][oO]|:'[()])(?![\p{L}\p{N}])`,
  word: String.raw`\p{L}+[*#]+[\p{L}*#]*|[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*`,
  number: String.raw`\p{N}+(?:[.,:]\p{N}+)*`,
  emoji: String.raw`\p{Regional_Indicator}{2}|\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?|\p{Emoji_Modifier})*`,
  punct: String.raw`[!?.]+|[^\s\p{L}\p{M}\p{N}\p{C}]`,
} satisfies Record<TokenKind, string>;

const KINDS = Object.keys(PARTS) as TokenKind[];
const TOKEN = new RegExp(KINDS.map((kind) => `(?<${kind}>${PARTS[kind]})`).join('|'), 'gu');

/** Splits text into tokens; whitespace and control characters separate tokens and are never returned. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const kind = KINDS.find((k) => match.groups?.[k] !== undefined) ?? 'punct';
    tokens.push({ text: match[0], kind, start: match.index });
  }
  return tokens;
}

/** "soooo" → "soo": keeps the emphasis visible while mapping variants onto one feature. */
export function squeezeRepeats(word: string): string {
  return word.replace(/(\p{L})\1{2,}/gu, '$1$1');
}

/** All letters upper case, at least `min` of them: "NEVER", not "I" or "OK". */
export function isShouted(word: string, min = 3): boolean {
  const letters = word.replace(/[^\p{L}]/gu, '');
  return letters.length >= min && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}
