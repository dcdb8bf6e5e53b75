/** Text processing shared by intent classification and knowledge retrieval: pure functions over strings. */
export { normalizeText, type NormalizeOptions } from './normalize.ts';
export { tokenize } from './tokenize.ts';
export { charNgrams, wordNgrams, type CharNgramOptions, type WordNgramOptions } from './ngrams.ts';
export {
  concatSparse,
  emptySparse,
  l2NormalizeInPlace,
  sparseDot,
  sparseFromCounts,
  sparseFromDense,
  sparseNorm,
  type SparseVector,
} from './sparse.ts';
export { TfidfVectorizer, type TfidfData, type TfidfOptions } from './tfidf.ts';
export { decodeWordVectors, encodeWordVectors, pooledSentenceVectors, sentenceVector, WordVectors, type Pooling } from './word-vectors.ts';
export { loadWordVectors, SHIPPED_WORD_VECTORS } from './word-vectors-file.ts';
