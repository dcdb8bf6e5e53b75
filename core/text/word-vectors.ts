/**
 * Pre-trained word vectors in a compact binary form: int8 components with one float scale per word, so 50,000
 * 100-dimensional English vectors take about 5 MB instead of the 300 MB JSON they are reduced from (see
 * scripts/build-word-vectors.ts). Decoding is pure; reading the file is the caller's business.
 *
 * Layout, little-endian: "WVEC0001", uint32 count, uint32 dimensions, float32 scale[count],
 * int8 component[count × dimensions], then the words as UTF-8 joined by "\n".
 */

const MAGIC = 'WVEC0001';
const HEADER = 16;

export class WordVectors {
  private readonly index: Map<string, number>;

  constructor(
    readonly words: readonly string[],
    readonly dimensions: number,
    private readonly scales: Float32Array,
    private readonly components: Int8Array,
  ) {
    this.index = new Map(words.map((w, i) => [w, i]));
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** Adds weight × the word's vector into `into`; false (and nothing added) for an unknown word. */
  addTo(word: string, weight: number, into: Float32Array): boolean {
    const i = this.index.get(word);
    if (i === undefined) return false;
    const scale = this.scales[i]! * weight;
    const base = i * this.dimensions;
    for (let d = 0; d < this.dimensions; d++) into[d]! += this.components[base + d]! * scale;
    return true;
  }

  /** The binary form again (see decodeWordVectors), e.g. to hand the vectors to a worker thread. */
  toBytes(): Uint8Array {
    const wordBytes = new TextEncoder().encode(this.words.join('\n'));
    const count = this.words.length;
    const componentsAt = HEADER + 4 * count;
    const bytes = new Uint8Array(componentsAt + this.components.length + wordBytes.length);
    writeHeader(bytes, count, this.dimensions);
    new Float32Array(bytes.buffer, HEADER, count).set(this.scales);
    bytes.set(new Uint8Array(this.components.buffer, this.components.byteOffset, this.components.length), componentsAt);
    bytes.set(wordBytes, componentsAt + this.components.length);
    return bytes;
  }

  vector(word: string): Float32Array | undefined {
    const out = new Float32Array(this.dimensions);
    return this.addTo(word, 1, out) ? out : undefined;
  }
}

/**
 * A sentence as the weighted mean of its words' vectors, L2-normalised; all zeros when no word is known.
 * `weightOf` lets callers down-weight common words (e.g. by idf).
 */
export function sentenceVector(tokens: readonly string[], vectors: WordVectors, weightOf: (token: string) => number = () => 1): Float32Array {
  const out = new Float32Array(vectors.dimensions);
  for (const token of tokens) vectors.addTo(token, weightOf(token), out);
  return normalized(out);
}

/** How word vectors are pooled into a sentence vector (Rücklé et al. 2018, "p-mean" embeddings). */
export type Pooling = 'mean' | 'max' | 'min';

/**
 * Several poolings of a sentence's word vectors, each L2-normalised, in the order asked: the weighted mean, and the
 * per-dimension max and min over the known words (unweighted). All zeros when no word is known.
 */
export function pooledSentenceVectors(
  tokens: readonly string[],
  vectors: WordVectors,
  poolings: readonly Pooling[],
  weightOf: (token: string) => number = () => 1,
): Float32Array[] {
  const dims = vectors.dimensions;
  const mean = new Float32Array(dims);
  const max = new Float32Array(dims).fill(-Infinity);
  const min = new Float32Array(dims).fill(Infinity);
  const word = new Float32Array(dims);
  let known = 0;
  for (const token of tokens) {
    word.fill(0);
    if (!vectors.addTo(token, 1, word)) continue;
    known++;
    const w = weightOf(token);
    for (let d = 0; d < dims; d++) {
      const v = word[d]!;
      mean[d]! += w * v;
      if (v > max[d]!) max[d] = v;
      if (v < min[d]!) min[d] = v;
    }
  }
  if (known === 0) return poolings.map(() => new Float32Array(dims));
  return poolings.map((p) => normalized(p === 'mean' ? mean : p === 'max' ? max : min));
}

function normalized(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum);
    for (let d = 0; d < v.length; d++) v[d]! *= scale;
  }
  return v;
}

export function encodeWordVectors(words: readonly string[], vectors: readonly ArrayLike<number>[], dimensions: number): Uint8Array {
  const wordBytes = new TextEncoder().encode(words.join('\n'));
  const count = words.length;
  const bytes = new Uint8Array(HEADER + 4 * count + count * dimensions + wordBytes.length);
  const view = new DataView(bytes.buffer);
  writeHeader(bytes, count, dimensions);
  const componentsAt = HEADER + 4 * count;
  vectors.forEach((vector, i) => {
    let max = 0;
    for (let d = 0; d < dimensions; d++) max = Math.max(max, Math.abs(vector[d] ?? 0));
    const scale = max > 0 ? max / 127 : 1;
    view.setFloat32(HEADER + 4 * i, scale, true);
    for (let d = 0; d < dimensions; d++) view.setInt8(componentsAt + i * dimensions + d, Math.round((vector[d] ?? 0) / scale));
  });
  bytes.set(wordBytes, componentsAt + count * dimensions);
  return bytes;
}

function writeHeader(bytes: Uint8Array, count: number, dimensions: number): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, count, true);
  view.setUint32(12, dimensions, true);
}

export function decodeWordVectors(bytes: Uint8Array): WordVectors {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new Error(`word vectors: not a ${MAGIC} file`);
  }
  const count = view.getUint32(8, true);
  const dimensions = view.getUint32(12, true);
  const componentsAt = HEADER + 4 * count;
  const wordsAt = componentsAt + count * dimensions;
  if (wordsAt > bytes.byteLength) throw new Error(`word vectors: truncated (${bytes.byteLength} bytes, ${count} × ${dimensions} declared)`);
  const scales = new Float32Array(count);
  for (let i = 0; i < count; i++) scales[i] = view.getFloat32(HEADER + 4 * i, true);
  // Copied out so the vectors do not pin (or depend on the alignment of) the caller's buffer.
  const components = new Int8Array(bytes.buffer, bytes.byteOffset + componentsAt, count * dimensions).slice();
  const words = new TextDecoder().decode(bytes.subarray(wordsAt)).split('\n');
  if (words.length !== count) throw new Error(`word vectors: ${words.length} words for ${count} vectors`);
  return new WordVectors(words, dimensions, scales, components);
}
