import type { IntentClassifier, IntentExamples, IntentResult, TrainingWarning } from '../types.ts';
import type { IntentModel } from './model.ts';
import type { TrainedIntentModel } from './train.ts';

/**
 * Serves the current intent model while a new one trains in the background, then swaps it in at once (one
 * assignment: a classify call sees the old model or the new one, never a gap). If training fails, the old model
 * keeps serving and the error is reported. When retrains overlap, the latest wins: earlier ones are aborted.
 */

export type IntentTrainer = (examples: readonly IntentExamples[], signal: AbortSignal) => Promise<TrainedIntentModel>;

export interface RetrainOutcome {
  readonly warnings: TrainingWarning[];
  /** False when a later retrain superseded this one before it finished (its model was never served). */
  readonly applied: boolean;
}

export class IntentModelHolder implements IntentClassifier {
  private current: IntentModel | undefined;
  private latest: AbortController | undefined;

  constructor(
    private readonly train: IntentTrainer,
    private readonly onError: (error: Error) => void = () => {},
    initial?: IntentModel,
  ) {
    this.current = initial;
  }

  /** The model being served, if any. */
  get model(): IntentModel | undefined {
    return this.current;
  }

  classify(text: string, options?: { limit?: number }): IntentResult {
    return this.current ? this.current.classify(text, options) : NO_MODEL;
  }

  /** Trains on `examples` in the background; resolves once the new model serves (or was superseded). */
  async retrain(examples: readonly IntentExamples[]): Promise<RetrainOutcome> {
    this.latest?.abort(new SupersededError());
    const controller = new AbortController();
    this.latest = controller;
    try {
      const { model, warnings } = await this.train(examples, controller.signal);
      if (this.latest !== controller) return { warnings, applied: false };
      this.current = model;
      return { warnings, applied: true };
    } catch (error) {
      if (error instanceof SupersededError) return { warnings: [], applied: false };
      const failure = error instanceof Error ? error : new Error(String(error));
      this.onError(failure);
      throw failure;
    } finally {
      if (this.latest === controller) this.latest = undefined;
    }
  }

  /** Stops any training under way (its retrain resolves as not applied). */
  close(): void {
    this.latest?.abort(new SupersededError());
  }
}

class SupersededError extends Error {
  override name = 'SupersededError';
  constructor() {
    super('superseded by a later retrain');
  }
}

const NO_MODEL: IntentResult = Object.freeze({ ranking: [], top: null, ambiguous: false, source: 'embedded' });
