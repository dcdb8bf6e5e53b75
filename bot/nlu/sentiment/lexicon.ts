/**
 * A VADER-style lexicon score (Hutto & Gilbert 2014) over this module's own tokens: word valences from the VADER
 * lexicon, boosted by degree adverbs and emphasis (caps, "!"), flipped by a negation in the three words before, and
 * weighted towards the clause after "but". It is a feature for the learner, and the fallback when no model is
 * trained; the `vader-sentiment` package itself is only the benchmark's baseline (it is about 5x slower).
 */
import { emojiPolarity, emoticonPolarity } from './emoji.ts';
import { isShouted, squeezeRepeats, tokenize } from './tokenize.ts';

/** Lower-cased word or emoticon → mean valence on VADER's −4..+4 scale. */
export type Lexicon = ReadonlyMap<string, number>;

export interface LexiconScores {
  /** Normalised sum in [-1, 1], as VADER's compound. */
  readonly compound: number;
  /** Shares of positive and negative valence among the words that have one, and of words with none. */
  readonly pos: number;
  readonly neg: number;
  readonly neu: number;
}

const BOOST = 0.293;
const CAPS_BOOST = 0.733;
const NEGATION_SCALAR = -0.74;
const BOOSTERS = new Set([
  'absolutely', 'amazingly', 'awfully', 'completely', 'deeply', 'effing', 'enormously', 'entirely', 'especially',
  'exceptionally', 'extremely', 'fully', 'fucking', 'greatly', 'highly', 'hugely', 'incredibly', 'majorly', 'most',
  'particularly', 'purely', 'quite', 'really', 'remarkably', 'so', 'substantially', 'thoroughly', 'totally',
  'tremendously', 'unbelievably', 'utterly', 'very', 'super',
]);
const DAMPENERS = new Set(['almost', 'barely', 'hardly', 'kinda', 'less', 'marginally', 'partly', 'slightly', 'somewhat', 'sorta']);
const NEGATIONS =
  /^(?:not|no|never|none|nothing|nowhere|neither|nor|without|cannot|nope|rarely|seldom|despite|\w+n't|(?:do|does|did|is|are|was|were|have|has|had|ca|wo|could|would|should|ai)nt)$/;

export function lexiconScores(text: string, lexicon: Lexicon): LexiconScores {
  const tokens = tokenize(text);
  const words = tokens.map((t) => (t.kind === 'word' ? squeezeRepeats(t.text.toLowerCase().replace(/’/g, "'")) : ''));
  const someCaps = tokens.some((t) => t.kind === 'word' && isShouted(t.text, 2));
  const allCaps = tokens.every((t) => t.kind !== 'word' || isShouted(t.text, 1) || !/\p{L}/u.test(t.text));
  const butAt = words.findIndex((w) => w === 'but');
  const valences: number[] = [];
  let neutral = 0;
  tokens.forEach((token, i) => {
    let valence = valenceOf(token, words[i]!, lexicon);
    if (valence === 0) {
      if (token.kind === 'word') neutral += 1;
      return;
    }
    if (token.kind === 'word') {
      if (someCaps && !allCaps && isShouted(token.text, 2)) valence += Math.sign(valence) * CAPS_BOOST;
      for (let back = 1; back <= 3 && i - back >= 0; back++) {
        const previous = words[i - back]!;
        const scale = back === 1 ? 1 : back === 2 ? 0.95 : 0.9;
        if (BOOSTERS.has(previous)) valence += Math.sign(valence) * BOOST * scale;
        if (DAMPENERS.has(previous)) valence -= Math.sign(valence) * BOOST * scale;
        if (NEGATIONS.test(previous)) valence *= NEGATION_SCALAR;
      }
    }
    if (butAt >= 0) valence *= i < butAt ? 0.5 : i > butAt ? 1.5 : 1;
    valences.push(valence);
  });
  return summarise(valences, neutral, exclamationBoost(text));
}

function valenceOf(token: { kind: string; text: string }, word: string, lexicon: Lexicon): number {
  switch (token.kind) {
    case 'word':
      return lexicon.get(word) ?? 0;
    case 'emoticon':
      return lexicon.get(token.text.toLowerCase()) ?? emoticonPolarity(token.text) * 2;
    case 'emoji':
      return emojiPolarity(token.text) * 2;
    default:
      return 0;
  }
}

/** VADER's emphasis for "!" (up to four) and "?" runs, added in the direction of the sum. */
function exclamationBoost(text: string): { bang: number; question: number } {
  const bangs = Math.min(4, (text.match(/!/g) ?? []).length);
  const questions = (text.match(/\?/g) ?? []).length;
  return { bang: bangs * 0.292, question: questions > 1 ? Math.min(0.96, questions * 0.18) : 0 };
}

function summarise(valences: readonly number[], neutralWords: number, emphasis: { bang: number; question: number }): LexiconScores {
  if (valences.length === 0) return { compound: 0, pos: 0, neg: 0, neu: neutralWords > 0 ? 1 : 0 };
  let sum = valences.reduce((a, b) => a + b, 0);
  if (sum !== 0) sum += Math.sign(sum) * (emphasis.bang + emphasis.question);
  const compound = sum / Math.sqrt(sum * sum + 15);
  let pos = 0;
  let neg = 0;
  for (const v of valences) {
    if (v > 0) pos += v + 1;
    else neg += v - 1;
  }
  const total = pos - neg + neutralWords;
  return { compound, pos: pos / total, neg: -neg / total, neu: neutralWords / total };
}

export function lexiconFeatures(text: string, lexicon: Lexicon): Map<string, number> {
  const scores = lexiconScores(text, lexicon);
  return new Map([
    ['lex:compound', scores.compound],
    ['lex:pos', scores.pos],
    ['lex:neg', scores.neg],
    ['lex:neu', scores.neu],
  ]);
}
