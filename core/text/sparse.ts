/** Sparse vectors as parallel typed arrays: compact, fast to iterate, and transferable between threads. */

export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export const emptySparse = (): SparseVector => ({ indices: new Int32Array(0), values: new Float32Array(0) });

/** Builds a vector from (index, value) pairs, summing repeated indices; order of first appearance is kept. */
export function sparseFromCounts(counts: ReadonlyMap<number, number>): SparseVector {
  const indices = new Int32Array(counts.size);
  const values = new Float32Array(counts.size);
  let k = 0;
  for (const [index, value] of counts) {
    indices[k] = index;
    values[k++] = value;
  }
  return { indices, values };
}

export function sparseNorm(v: SparseVector): number {
  let sum = 0;
  for (let k = 0; k < v.values.length; k++) sum += v.values[k]! * v.values[k]!;
  return Math.sqrt(sum);
}

/** Scales in place to unit length (a zero vector stays zero) and returns it. */
export function l2NormalizeInPlace<V extends { values: Float32Array }>(v: V): V {
  let sum = 0;
  for (let k = 0; k < v.values.length; k++) sum += v.values[k]! * v.values[k]!;
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum);
    for (let k = 0; k < v.values.length; k++) v.values[k]! *= scale;
  }
  return v;
}

/** Concatenates blocks laid side by side: block b's index i becomes offsets[b] + i; each block is scaled by weights[b]. */
export function concatSparse(blocks: readonly SparseVector[], offsets: readonly number[], weights?: readonly number[]): SparseVector {
  const length = blocks.reduce((n, b) => n + b.indices.length, 0);
  const indices = new Int32Array(length);
  const values = new Float32Array(length);
  let k = 0;
  blocks.forEach((block, b) => {
    const offset = offsets[b] ?? 0;
    const weight = weights?.[b] ?? 1;
    for (let j = 0; j < block.indices.length; j++) {
      indices[k] = block.indices[j]! + offset;
      values[k++] = block.values[j]! * weight;
    }
  });
  return { indices, values };
}

/** A dense vector as a sparse one over all its dimensions (zeros kept: the layout stays fixed). */
export function sparseFromDense(dense: Float32Array): SparseVector {
  const indices = new Int32Array(dense.length);
  for (let i = 0; i < dense.length; i++) indices[i] = i;
  return { indices, values: Float32Array.from(dense) };
}

export function sparseDot(a: SparseVector, dense: Float32Array | Float64Array): number {
  let sum = 0;
  for (let k = 0; k < a.indices.length; k++) sum += a.values[k]! * dense[a.indices[k]!]!;
  return sum;
}
