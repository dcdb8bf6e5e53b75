import type { SparseVector } from '../../../core/text/index.ts';
import { mulberry32, shuffle } from '../../../core/random.ts';

/**
 * One-vs-rest linear SVMs with the squared hinge loss, trained by dual coordinate descent with shrinking
 * (Hsieh et al. 2008, the liblinear solver behind scikit-learn's LinearSVC). It converges in a few passes on
 * sparse text features and needs no learning rate. A constant feature gives each class a (regularised) bias.
 *
 * Weights are returned feature-major (`weights[f * classes + c]`, bias row last), so scoring an utterance walks
 * its few non-zero features once and adds a contiguous row per feature.
 */

export interface SvmOptions {
  /** Inverse regularisation strength. */
  readonly c: number;
  /** Stop when the projected-gradient spread falls below this (liblinear's default: 0.1). */
  readonly tolerance: number;
  readonly maxEpochs: number;
  readonly seed: number;
}

/**
 * The weights of a contiguous range of classes, feature-major: `weights[f * count + (c - first)]`, the last row
 * the bias. A model is one band or several trained in parallel, used side by side without being merged.
 */
export interface WeightBand {
  readonly first: number;
  readonly count: number;
  readonly dimensions: number;
  readonly weights: Float32Array;
}

/** Training rows packed in compressed-sparse-row form: contiguous, so the solver's inner loops stay in cache. */
interface Rows {
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** Squared norm of each row plus 1 for the bias feature. */
  readonly squaredNorms: Float64Array;
}

/**
 * Packs the rows with features renumbered by descending frequency (`order[new] = old`): the weights the solver
 * touches most often then sit together in memory, which roughly halves training time on text features.
 */
function pack(rows: readonly SparseVector[], dimensions: number): { rows: Rows; order: Int32Array } {
  const frequency = new Int32Array(dimensions);
  for (const x of rows) for (const f of x.indices) frequency[f]!++;
  const order = Int32Array.from({ length: dimensions }, (_, f) => f).sort((a, b) => frequency[b]! - frequency[a]! || a - b);
  const renumbered = new Int32Array(dimensions);
  order.forEach((old, f) => (renumbered[old] = f));
  const starts = new Int32Array(rows.length + 1);
  rows.forEach((x, i) => (starts[i + 1] = starts[i]! + x.indices.length));
  const indices = new Int32Array(starts[rows.length]!);
  const values = new Float32Array(starts[rows.length]!);
  const squaredNorms = new Float64Array(rows.length);
  rows.forEach((x, i) => {
    const at = starts[i]!;
    for (let k = 0; k < x.indices.length; k++) indices[at + k] = renumbered[x.indices[k]!]!;
    values.set(x.values, at);
    squaredNorms[i] = x.values.reduce((s, v) => s + v * v, 1);
  });
  return { rows: { starts, indices, values, squaredNorms }, order };
}

/** Trains one binary SVM per class in [first, first + count) against all other rows. */
export function trainBand(
  rows: readonly SparseVector[],
  labels: Int32Array,
  dimensions: number,
  band: { first: number; count: number },
  options: SvmOptions,
): WeightBand {
  const { first, count } = band;
  const { rows: packed, order } = pack(rows, dimensions);
  const weights = new Float32Array((dimensions + 1) * count);
  const w = new Float32Array(dimensions + 1);
  for (let j = 0; j < count; j++) {
    w.fill(0);
    trainBinary(packed, labels, first + j, w, options);
    for (let f = 0; f < dimensions; f++) weights[order[f]! * count + j] = w[f]!;
    weights[dimensions * count + j] = w[dimensions]!;
  }
  return { first, count, dimensions, weights };
}

/** Adds each band's class scores for one utterance into `out` (indexed by class). */
export function scoreInto(bands: readonly WeightBand[], x: SparseVector, out: Float64Array): Float64Array {
  for (const { first, count, dimensions, weights } of bands) {
    const bias = dimensions * count;
    for (let j = 0; j < count; j++) out[first + j] = weights[bias + j]!;
    for (let k = 0; k < x.indices.length; k++) {
      const row = x.indices[k]! * count;
      const v = x.values[k]!;
      for (let j = 0; j < count; j++) out[first + j]! += v * weights[row + j]!;
    }
  }
  return out;
}

/** Splits `classes` into `parts` contiguous ranges of near-equal size (empty ranges left out). */
export function splitClasses(classes: number, parts: number): { first: number; count: number }[] {
  const out: { first: number; count: number }[] = [];
  for (let p = 0; p < parts; p++) {
    const first = Math.round((p * classes) / parts);
    const count = Math.round(((p + 1) * classes) / parts) - first;
    if (count > 0) out.push({ first, count });
  }
  return out;
}

/**
 * Rows whose gradient exceeds this after the first pass are set aside (see trainBinary). Chosen on CLINC150
 * validation (bench:nlu: in-scope accuracy at the out-of-scope threshold, then training time): 0.1 → 94.23 %,
 * 6.8 s; 0.15 → 94.67 %, 6.7 s; 0.2 → 94.27 %, 7.0 s; 0.3 → 94.60 %, 7.7 s; 0.5 → 94.37 %, 10.9 s.
 */
const FIRST_SHRINK = 0.15;

function trainBinary(rows: Rows, labels: Int32Array, positive: number, w: Float32Array, options: SvmOptions): void {
  const { starts, indices, values, squaredNorms } = rows;
  const n = squaredNorms.length;
  const bias = w.length - 1;
  const diagonal = 0.5 / options.c;
  const alpha = new Float64Array(n);
  const active = Int32Array.from({ length: n }, (_, i) => i);
  let activeSize = n;
  let maxOld = Infinity;
  let fullPass = true;
  const random = mulberry32(options.seed + positive);
  for (let epoch = 0; epoch < options.maxEpochs; epoch++) {
    shuffle(active, activeSize, random);
    let maxNew = -Infinity;
    let minNew = Infinity;
    for (let s = 0; s < activeSize; s++) {
      const i = active[s]!;
      const y = labels[i] === positive ? 1 : -1;
      const end = starts[i + 1]!;
      let dot = w[bias]!;
      for (let k = starts[i]!; k < end; k++) dot += values[k]! * w[indices[k]!]!;
      const g = y * dot - 1 + diagonal * alpha[i]!;
      let pg = g;
      if (alpha[i] === 0) {
        if (g > maxOld) {
          // Shrinking: a point well outside the margin stays at alpha 0; stop visiting it.
          active[s--] = active[--activeSize]!;
          active[activeSize] = i;
          continue;
        }
        if (g > 0) pg = 0;
      }
      if (pg > maxNew) maxNew = pg;
      if (pg < minNew) minNew = pg;
      if (pg > 1e-12 || pg < -1e-12) {
        const old = alpha[i]!;
        const updated = Math.max(old - g / (squaredNorms[i]! + diagonal), 0);
        alpha[i] = updated;
        const d = (updated - old) * y;
        for (let k = starts[i]!; k < end; k++) w[indices[k]!]! += d * values[k]!;
        w[bias]! += d;
      }
    }
    if (maxNew - minNew <= options.tolerance) {
      if (activeSize === n) break;
      // Converged on the shrunk set: check every point once more before stopping.
      activeSize = n;
      maxOld = Infinity;
      continue;
    }
    // After the first pass nothing has a positive projected gradient, so liblinear would not shrink in the second
    // pass either. Most one-vs-rest rows are negatives already well outside the margin by then: dropping those whose
    // gradient exceeds FIRST_SHRINK right away cuts CLINC150 training time by a third at equal validation accuracy.
    maxOld = maxNew > 0 ? maxNew : fullPass ? FIRST_SHRINK : Infinity;
    fullPass = false;
  }
}
