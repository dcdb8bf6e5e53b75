/**
 * Spherical k-means (cosine) over unit vectors, for the vector store's inverted file. Trained on a deterministic
 * sample (every n-th vector) so that building the same index twice gives the same lists, and so training at 100,000
 * passages stays around a second.
 */
import { dot, normalize } from './linear.ts';

const SAMPLE = 8_192;
const ITERATIONS = 6;

/** `k` unit centroids for the vectors at `slots` of `data` (row-major, `dims` wide). */
export function kMeans(data: Float32Array, slots: readonly number[], dims: number, k: number): Float32Array[] {
  const stride = Math.max(1, Math.floor(slots.length / SAMPLE));
  const sample = slots.filter((_, i) => i % stride === 0);
  const step = sample.length / k;
  let centroids = Array.from({ length: k }, (_, i) => data.slice(sample[Math.floor(i * step)]! * dims, (sample[Math.floor(i * step)]! + 1) * dims));
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const sums = centroids.map(() => new Float32Array(dims));
    for (const slot of sample) {
      let best = 0;
      let bestSim = -Infinity;
      for (let c = 0; c < centroids.length; c++) {
        const s = dot(data, slot * dims, centroids[c]!, dims);
        if (s > bestSim) [bestSim, best] = [s, c];
      }
      const sum = sums[best]!;
      for (let d = 0; d < dims; d++) sum[d]! += data[slot * dims + d]!;
    }
    // An empty cluster keeps its old centroid rather than collapsing to zero.
    centroids = sums.map((sum, c) => (normalize(sum) ? sum : centroids[c]!));
  }
  return centroids;
}
