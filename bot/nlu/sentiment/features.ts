/**
 * Text → a bag of named features for the linear model: word uni/bigrams with negation scope ("not good" →
 * NOT_good), character n-grams inside words (robust to typos and elongations), and a few tone cues the words miss
 * (emoji and emoticon polarity, shouting, punctuation runs, a "but" that turns the sentence). Lexicon scores are
 * added by the caller as dense features.
 */
import { isShouted, squeezeRepeats, tokenize, type Token } from './tokenize.ts';
import { emojiPolarity, emoticonPolarity } from './emoji.ts';

export interface FeatureOptions {
  /** Character n-gram lengths inside words, e.g. [3, 5]; null for none. */
  readonly charNgrams: readonly [number, number] | null;
  readonly wordBigrams: boolean;
}

// Character n-grams cost 2 points of macro-F1 on airline validation (they drown the lexicon features), so are off.
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = Object.freeze({ charNgrams: null, wordBigrams: true });

const NEGATORS = new Set([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'nowhere', 'neither', 'nor', 'without', 'cannot', 'cant', 'dont',
  'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'wouldnt', 'shouldnt', 'couldnt', 'havent', 'hasnt',
  'hadnt', 'aint', 'nope', 'nah',
]);
const SCOPE_ENDS = new Set(['but', 'however', 'although', 'though', 'yet']);

export const normaliseWord = (word: string): string => squeezeRepeats(word.toLowerCase().replace(/’/g, "'"));

const isNegator = (word: string) => NEGATORS.has(word.replace(/'/g, '')) || word.endsWith("n't");

/**
 * Feature name → count. Names are prefixed by kind: `w:` word, `a:` word after "but" (the clause that usually
 * carries the verdict), `b:` bigram, `c:` character n-gram, `t:` tone.
 */
export function featureBag(text: string, options: FeatureOptions = DEFAULT_FEATURE_OPTIONS): Map<string, number> {
  const bag = new Map<string, number>();
  const add = (name: string, by = 1) => bag.set(name, (bag.get(name) ?? 0) + by);
  const tokens = tokenize(text);
  let negated = false;
  let previous = '<s>';
  let afterBut = false;
  for (const token of tokens) {
    const unit = unitOf(token);
    if (token.kind === 'punct' && /[.!?,;:]/.test(token.text)) negated = false;
    if (token.kind === 'word') {
      const word = normaliseWord(token.text);
      if (SCOPE_ENDS.has(word)) {
        negated = false;
        afterBut = true;
      }
      const name = negated ? `NOT_${word}` : word;
      add(`w:${name}`);
      if (afterBut) add(`a:${name}`);
      if (options.charNgrams) addCharNgrams(word, options.charNgrams, add);
      if (isShouted(token.text)) add('t:shout');
      if (/(\p{L})\1{2,}/u.test(token.text)) add('t:elongated');
      if (isNegator(word)) negated = true;
    } else {
      add(`w:${unit}`);
    }
    const current = normaliseWord(unit);
    if (options.wordBigrams) add(`b:${previous}|${current}`);
    previous = current;
    addTone(token, add);
  }
  if (options.wordBigrams) add(`b:${previous}|</s>`);
  return bag;
}

/** What a token contributes as a "word": links and mentions collapse to one placeholder each. */
function unitOf(token: Token): string {
  switch (token.kind) {
    case 'url':
      return '<url>';
    case 'mention':
      return '<user>';
    case 'hashtag':
      return token.text.slice(1);
    case 'number':
      return '<num>';
    case 'punct':
      return /^[!?.]{2,}$/.test(token.text) ? squeezePunct(token.text) : token.text;
    default:
      return token.text;
  }
}

const squeezePunct = (run: string) => (run.includes('!') && run.includes('?') ? '?!' : run.slice(0, 3));

function addCharNgrams(word: string, [min, max]: readonly [number, number], add: (name: string) => void): void {
  const padded = ` ${word} `;
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
  }
}

function addTone(token: Token, add: (name: string, by?: number) => void): void {
  if (token.kind === 'emoji') {
    const polarity = emojiPolarity(token.text);
    if (polarity !== 0) add(polarity > 0 ? 't:emoji+' : 't:emoji-');
  } else if (token.kind === 'emoticon') {
    const polarity = emoticonPolarity(token.text);
    if (polarity !== 0) add(polarity > 0 ? 't:emoticon+' : 't:emoticon-');
  } else if (token.kind === 'punct') {
    if (token.text.includes('!')) add(token.text.length > 1 ? 't:!!' : 't:!');
    if (token.text.includes('?')) add(token.text.length > 1 ? 't:??' : 't:?');
  }
}
