import { expect } from 'chai';
import {
  charNgrams,
  decodeWordVectors,
  encodeWordVectors,
  normalizeText,
  pooledSentenceVectors,
  sentenceVector,
  TfidfVectorizer,
  tokenize,
  wordNgrams,
} from '../../core/text/index.ts';

describe('core/text', () => {
  describe('normalizeText', () => {
    it('folds case, width, typographic quotes and whitespace, and drops control characters', () => {
      expect(normalizeText('  Don’t\tＣＡＮＣＥＬ\u0000 my\u200b\n order ')).to.equal("don't cancel my order");
    });

    it('cuts long input without splitting a surrogate pair', () => {
      expect(normalizeText('a'.repeat(10_000), { maxLength: 100 })).to.have.length(100);
      expect(() => normalizeText(`${'a'.repeat(99)}😀`, { maxLength: 100 })).to.not.throw();
    });
  });

  describe('tokenize', () => {
    it('keeps words, contractions and decimals, drops punctuation', () => {
      expect(tokenize("where's my refund? it was 3.50, not 4!")).to.deep.equal(["where's", 'my', 'refund', 'it', 'was', '3.50', 'not', '4']);
    });

    it('splits unspaced scripts into characters and keeps emoji and other scripts whole', () => {
      expect(tokenize('退款ok привет 👍🏽')).to.deep.equal(['退', '款', 'ok', 'привет', '👍🏽']);
    });
  });

  describe('n-grams', () => {
    it('makes word n-grams with sentence boundaries and skip-bigrams', () => {
      expect(wordNgrams(['cancel', 'my', 'card'], { maxN: 2, boundaries: true, skipBigrams: true })).to.deep.equal([
        'cancel', 'my', 'card', '<s> cancel', 'cancel my', 'my card', 'card </s>', '<s> _ my', 'cancel _ card', 'my _ </s>',
      ]);
    });

    it('makes character n-grams inside padded words', () => {
      expect(charNgrams(['ab'], { minN: 2, maxN: 3 })).to.deep.equal([' a', 'ab', 'b ', ' ab', 'ab ']);
    });

    it('counts characters by code point, so an astral character is one character', () => {
      expect(charNgrams(['a😀'], { minN: 2, maxN: 2 })).to.deep.equal([' a', 'a😀', '😀 ']);
    });
  });

  describe('TfidfVectorizer', () => {
    it('weights rarer terms higher, ignores unknown ones and returns unit-length vectors', () => {
      const tfidf = TfidfVectorizer.fit([['card', 'lost'], ['card', 'fee'], ['card']]);
      const v = tfidf.transform(['card', 'lost', 'unknown']);
      expect(v.indices).to.have.length(2);
      const weight = (term: string) => v.values[[...v.indices].indexOf(tfidf.indexOf(term)!)]!;
      expect(weight('lost')).to.be.greaterThan(weight('card'));
      expect(v.values.reduce((s, x) => s + x * x, 0)).to.be.closeTo(1, 1e-6);
    });
  });

  describe('word vectors', () => {
    it('round-trips through the compact binary form within int8 precision', () => {
      const bytes = encodeWordVectors(['good', 'bad'], [[1, 0.5, -0.25], [-1, 0, 0.5]], 3);
      const vectors = decodeWordVectors(bytes);
      expect([...vectors.vector('good')!].map((x) => Math.round(x * 100) / 100)).to.deep.equal([1, 0.5, -0.25]);
      expect(vectors.vector('unknown')).to.equal(undefined);
      expect(decodeWordVectors(vectors.toBytes()).vector('bad')).to.deep.equal(vectors.vector('bad'));
    });

    it('averages known words into a unit vector (zeros when none is known)', () => {
      const vectors = decodeWordVectors(encodeWordVectors(['a', 'b'], [[1, 0], [0, 1]], 2));
      expect([...sentenceVector(['a', 'b', 'zzz'], vectors)].map((x) => Math.round(x * 1000) / 1000)).to.deep.equal([0.707, 0.707]);
      expect([...sentenceVector(['zzz'], vectors)]).to.deep.equal([0, 0]);
    });

    it('pools known words by weighted mean, max and min, each a unit vector (zeros when none is known)', () => {
      const vectors = decodeWordVectors(encodeWordVectors(['a', 'b'], [[1, -1], [0, 1]], 2));
      const round = (v: Float32Array) => [...v].map((x) => Math.round(x * 1000) / 1000);
      const [mean, max, min] = pooledSentenceVectors(['a', 'b', 'zzz'], vectors, ['mean', 'max', 'min'], (t) => (t === 'a' ? 1 : 2));
      expect(round(mean!)).to.deep.equal([0.707, 0.707]); // (1, -1) + 2 × (0, 1)
      expect(round(max!)).to.deep.equal([0.707, 0.707]); // (1, 1)
      expect(round(min!)).to.deep.equal([0, -1]); // (0, -1)
      expect(round(pooledSentenceVectors(['a'], vectors, ['mean'])[0]!)).to.deep.equal(round(sentenceVector(['a'], vectors)));
      expect(pooledSentenceVectors(['zzz'], vectors, ['max', 'min']).map((v) => [...v])).to.deep.equal([[0, 0], [0, 0]]);
    });

    it('refuses bytes that are not a word-vector file', () => {
      expect(() => decodeWordVectors(new Uint8Array(20))).to.throw(/not a WVEC0001 file/);
    });
  });
});
