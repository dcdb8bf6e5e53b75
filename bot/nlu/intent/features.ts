import {
  charNgrams,
  concatSparse,
  normalizeText,
  sentenceVector,
  sparseFromDense,
  TfidfVectorizer,
  tokenize,
  wordNgrams,
  type SparseVector,
  type TfidfData,
  type WordVectors,
} from '../../../core/text/index.ts';

/**
 * What an utterance looks like to the classifier: three blocks side by side — TF-IDF word n-grams (with sentence
 * boundaries and skip-bigrams), TF-IDF character n-grams inside words (robust to typos and inflection) and,
 * when word vectors are given, the idf-weighted mean word vector (so "cancel my membership" lands near "end my
 * subscription" even when no phrase shares a word).
 */

export interface FeatureOptions {
  readonly wordMaxN: number;
  readonly skipBigrams: boolean;
  readonly charMinN: number;
  readonly charMaxN: number;
  /** Scale of the word-vector block relative to the unit-length TF-IDF blocks; 0 leaves it out. */
  readonly vectorWeight: number;
  /**
   * N-grams must occur in this many phrases to become features: most word trigrams and skip-bigrams occur once,
   * and dropping them shrinks the model several-fold at little cost. Set to 1 for very small training sets.
   */
  readonly minDf: number;
  /** Characters of input looked at; the rest is ignored so cost stays bounded. */
  readonly maxLength: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  wordMaxN: 3,
  skipBigrams: true,
  charMinN: 2,
  charMaxN: 5,
  vectorWeight: 1,
  minDf: 2,
  maxLength: 1000,
};

export interface FeaturizerData {
  readonly options: FeatureOptions;
  readonly words: TfidfData;
  readonly chars: TfidfData;
}

export class Featurizer {
  private readonly words: TfidfVectorizer;
  private readonly chars: TfidfVectorizer;
  private readonly unknownIdf: number;

  private constructor(
    readonly options: FeatureOptions,
    words: TfidfVectorizer,
    chars: TfidfVectorizer,
    private readonly vectors: WordVectors | undefined,
  ) {
    this.words = words;
    this.chars = chars;
    this.unknownIdf = words.maxIdf();
  }

  static fit(texts: readonly string[], options: FeatureOptions, vectors?: WordVectors): Featurizer {
    const tokens = texts.map((t) => tokensOf(t, options));
    // Tiny sets (a few phrases per topic) keep every n-gram: there, a feature seen once is still evidence.
    const minDf = texts.length < 1000 ? 1 : options.minDf;
    const words = TfidfVectorizer.fit(tokens.map((t) => wordTerms(t, options)), { minDf });
    const chars = TfidfVectorizer.fit(tokens.map((t) => charTerms(t, options)), { minDf });
    return new Featurizer(options, words, chars, vectors);
  }

  static fromJSON(data: FeaturizerData, vectors?: WordVectors): Featurizer {
    return new Featurizer(data.options, TfidfVectorizer.fromJSON(data.words), TfidfVectorizer.fromJSON(data.chars), vectors);
  }

  toJSON(): FeaturizerData {
    return { options: this.options, words: this.words.toJSON(), chars: this.chars.toJSON() };
  }

  private get vectorDimensions(): number {
    return this.vectors && this.options.vectorWeight > 0 ? this.vectors.dimensions : 0;
  }

  /** Size of the feature space. */
  get dimensions(): number {
    return this.words.size + this.chars.size + this.vectorDimensions;
  }

  featurize(text: string): SparseVector {
    const tokens = tokensOf(text, this.options);
    const blocks = [this.words.transform(wordTerms(tokens, this.options)), this.chars.transform(charTerms(tokens, this.options))];
    const offsets = [0, this.words.size];
    const weights = [1, 1];
    if (this.vectors && this.vectorDimensions > 0) {
      const idf = (token: string) => this.words.idfOf(token) ?? this.unknownIdf;
      blocks.push(sparseFromDense(sentenceVector(tokens, this.vectors, idf)));
      offsets.push(this.words.size + this.chars.size);
      weights.push(this.options.vectorWeight);
    }
    return concatSparse(blocks, offsets, weights);
  }
}

function tokensOf(text: string, options: FeatureOptions): string[] {
  return tokenize(normalizeText(text, { maxLength: options.maxLength }));
}

function wordTerms(tokens: readonly string[], options: FeatureOptions): string[] {
  return wordNgrams(tokens, { maxN: options.wordMaxN, boundaries: true, skipBigrams: options.skipBigrams });
}

function charTerms(tokens: readonly string[], options: FeatureOptions): string[] {
  return charNgrams(tokens, { minN: options.charMinN, maxN: options.charMaxN });
}
