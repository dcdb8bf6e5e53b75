/**
 * Frustration signals of one message, each from its own cause, so the rep's view can say why a conversation was
 * flagged: shouting, "!!!"/"???", a request repeated ("third time I ask", "still not"), profanity (also masked, as
 * "f***" or "sh!t"). The conversation-level signal, a streak of negative messages, is added by the trend.
 */
import type { FrustrationSignal } from '../types.ts';
import { isShouted, type Token } from './tokenize.ts';

const MIN_SHOUTED_WORDS = 2;
const SHOUTED_SHARE = 0.5;

/** "Mostly caps": at least two words of three or more letters all in capitals, and at least half of such words. */
export function isShouting(tokens: readonly Token[]): boolean {
  const words = tokens.filter((t) => t.kind === 'word' && t.text.replace(/[^\p{L}]/gu, '').length >= 3);
  const shouted = words.filter((t) => isShouted(t.text)).length;
  return shouted >= MIN_SHOUTED_WORDS && shouted / words.length >= SHOUTED_SHARE;
}

/** Three or more of "!" and "?" in a row, or "??" (impatience; "!!" alone is as often delight). */
export const hasRepeatedPunctuation = (text: string): boolean => /[!?]{3,}|\?\?/.test(text);

const REPEATED_REQUEST = new RegExp(
  [
    String.raw`\b(?:second|third|fourth|fifth|2nd|3rd|4th|5th|\d+th|umpteenth|nth)\s+time\b`,
    String.raw`\b(?:\d+|two|three|four|five|several|many|multiple)\s+times\b(?!\s+(?:a|per|each)\b)`,
    String.raw`\bhow\s+many\s+(?:more\s+)?times\b`,
    String.raw`\b(?:already|previously)\s+(?:told|said|asked|explained|sent|gave|given|called|emailed|written|wrote|provided|mentioned|reported)\b`,
    String.raw`\bstill\s+(?:not|no|nothing|waiting|haven'?t|hasn'?t|isn'?t|don'?t|doesn'?t|didn'?t|can'?t|won'?t|broken|missing|charging)\b`,
    String.raw`\b(?:keep|kept)\s+(?:asking|telling|saying|calling|emailing|explaining|repeating)\b`,
    String.raw`\b(?:once|yet)\s+again\b`,
    String.raw`\bagain\b`,
  ].join('|'),
  'iu',
);
// "again" alone is a request repeated, except in pleasantries.
const PLEASANT_AGAIN = /\b(?:thanks?(?:\s+you)?|thx|see\s+you|fly\s+with\s+you|order\s+from\s+you|shop\s+with\s+you|come\s+back|visit)\s+again\b/iu;

export function isRepeatedRequest(text: string): boolean {
  const match = REPEATED_REQUEST.exec(text);
  if (!match) return false;
  if (/^again$/iu.test(match[0])) return !PLEASANT_AGAIN.test(text) || countAgain(text) > 1;
  return true;
}

const countAgain = (text: string) => (text.match(/\bagain\b/giu) ?? []).length;

// Whole words made of a stem and a common ending; a masked letter may be any of * # @ $ ! % or a look-alike digit.
const PROFANE_STEMS = [
  'fuck', 'fck', 'fuk', 'fcuk', 'shit', 'bullshit', 'crap', 'damn', 'goddamn', 'bitch', 'bastard', 'asshole', 'arse',
  'dick', 'piss', 'wanker', 'bollocks', 'motherfuck', 'douche', 'screw you', 'wtf', 'stfu', 'ffs', 'effing', 'frigging',
];
const LOOKALIKE: Readonly<Record<string, string>> = { a: '4@', e: '3', i: '1!', o: '0', s: '5$', t: '7' };

const PROFANITY = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:` +
    `(?:${PROFANE_STEMS.map((stem) => [...stem].map((ch, i) => (i === 0 || ch === ' ' ? escape(ch) : masked(ch))).join('')).join('|')})` +
    String.raw`(?:s|es|ed|er|ers|in|ing|ings|y|ty|py|ted|it|head|heads|hole|holes)?(?![\p{L}])` +
    String.raw`|f[*#@$%!]{2,}[a-z]*|s[*#@$%!]{2,}t|[a-z][*#]{3,}(?![\p{L}]))`,
  'iu',
);

function masked(ch: string): string {
  return `(?:${escape(ch)}+|[*#@$!%${escape(LOOKALIKE[ch] ?? '')}])`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\-]/g, '\\$&');
}

export const hasProfanity = (text: string): boolean => PROFANITY.test(text);

/** The message-level signals of `text`, in a fixed order. */
export function messageSignals(text: string, tokens: readonly Token[]): FrustrationSignal[] {
  const signals: FrustrationSignal[] = [];
  if (isShouting(tokens)) signals.push('shouting');
  if (hasRepeatedPunctuation(text)) signals.push('repeated-punctuation');
  if (isRepeatedRequest(text)) signals.push('repeated-request');
  if (hasProfanity(text)) signals.push('profanity');
  return signals;
}
