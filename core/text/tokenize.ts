/**
 * Word tokenisation over normalised text (see normalize.ts): runs of letters and digits in any script, with inner
 * apostrophes kept ("don't", "l'été"), decimals kept ("3.50"), and each emoji as its own token. Punctuation separates tokens and is dropped:
 * it carries little topic information, and dropping it makes "refund?" and "refund" one feature.
 */

const TOKEN =
  /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{M}\p{N}]+(?:'[\p{L}\p{M}\p{N}]+)*|\p{Regional_Indicator}{2}|\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?|\p{Emoji_Modifier})*/gu;

/** Scripts written without spaces: a run of these becomes one token per character, so words can still match. */
const UNSPACED = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export function tokenize(normalized: string): string[] {
  const tokens: string[] = [];
  for (const match of normalized.matchAll(TOKEN)) {
    const token = match[0];
    if (UNSPACED.test(token)) splitUnspaced(token, tokens);
    else tokens.push(token);
  }
  return tokens;
}

/** Splits a run like "退款申请ok" into "退", "款", "申", "请", "ok": characters of unspaced scripts, words of others. */
function splitUnspaced(token: string, out: string[]): void {
  let word = '';
  for (const ch of token) {
    if (UNSPACED.test(ch)) {
      if (word) out.push(word);
      word = '';
      out.push(ch);
    } else {
      word += ch;
    }
  }
  if (word) out.push(word);
}
