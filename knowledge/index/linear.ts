/** The two vector operations the semantic side needs, on Float32Arrays. */

/** Dot product of `query` with the `dims` values of `data` starting at `offset`. */
export function dot(data: Float32Array, offset: number, query: Float32Array, dims: number): number {
  // Four running sums: independent additions pipeline, about twice as fast as one sum in V8.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dims; d += 4) {
    s0 += data[offset + d]! * query[d]!;
    s1 += data[offset + d + 1]! * query[d + 1]!;
    s2 += data[offset + d + 2]! * query[d + 2]!;
    s3 += data[offset + d + 3]! * query[d + 3]!;
  }
  for (; d < dims; d++) s0 += data[offset + d]! * query[d]!;
  return s0 + s1 + s2 + s3;
}

/** Scales to unit length in place; false (and unchanged) for a zero vector. */
export function normalize(v: Float32Array): boolean {
  let sum = 0;
  for (let d = 0; d < v.length; d++) sum += v[d]! * v[d]!;
  if (sum === 0) return false;
  const scale = 1 / Math.sqrt(sum);
  for (let d = 0; d < v.length; d++) v[d]! *= scale;
  return true;
}
