/**
 * Multinomial logistic regression over sparse vectors, trained with AdaGrad SGD in a seeded order so that the same
 * data always gives the same model. Small enough to train at start-up on a few thousand messages.
 */
import { mulberry32 } from '../../../core/random.ts';

export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export interface LinearModel {
  readonly classes: number;
  readonly dim: number;
  /** Row-major: weights[c * dim + j]. */
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly learningRate: number;
  /** L2 penalty per example, applied to the weights an example touches (lazy, as usual for sparse SGD). */
  readonly l2: number;
  readonly seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = Object.freeze({ epochs: 12, learningRate: 0.05, l2: 1e-5, seed: 7 });

export function trainLogistic(
  xs: readonly SparseVector[],
  ys: readonly number[],
  /** Loss weight per example (class balance times any example weight). */
  exampleWeights: readonly number[],
  dim: number,
  classes: number,
  options: TrainOptions = DEFAULT_TRAIN_OPTIONS,
): LinearModel {
  const weights = new Float64Array(classes * dim);
  const bias = new Float64Array(classes);
  const squared = new Float64Array(classes * dim).fill(1e-8);
  const biasSquared = new Float64Array(classes).fill(1e-8);
  const model: LinearModel = { classes, dim, weights, bias };
  const order = xs.map((_, i) => i);
  const random = mulberry32(options.seed);
  const probabilities = new Float64Array(classes);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const x = xs[i]!;
      const y = ys[i]!;
      const weight = exampleWeights[i] ?? 1;
      scoresInto(model, x, probabilities);
      softmaxInPlace(probabilities);
      for (let c = 0; c < classes; c++) {
        const gradient = weight * (probabilities[c]! - (c === y ? 1 : 0));
        biasSquared[c] = biasSquared[c]! + gradient * gradient;
        bias[c] = bias[c]! - (options.learningRate * gradient) / Math.sqrt(biasSquared[c]!);
        const row = c * dim;
        for (let k = 0; k < x.indices.length; k++) {
          const j = row + x.indices[k]!;
          const g = gradient * x.values[k]! + options.l2 * weights[j]!;
          squared[j] = squared[j]! + g * g;
          weights[j] = weights[j]! - (options.learningRate * g) / Math.sqrt(squared[j]!);
        }
      }
    }
  }
  return model;
}

/** Raw class scores (logits). */
export function scoresInto(model: LinearModel, x: SparseVector, out: Float64Array): Float64Array {
  for (let c = 0; c < model.classes; c++) {
    let sum = model.bias[c]!;
    const row = c * model.dim;
    for (let k = 0; k < x.indices.length; k++) sum += model.weights[row + x.indices[k]!]! * x.values[k]!;
    out[c] = sum;
  }
  return out;
}

export function softmaxInPlace(values: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    values[i] = Math.exp(values[i]! - max);
    total += values[i]!;
  }
  for (let i = 0; i < values.length; i++) values[i] = values[i]! / total;
  return values;
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
