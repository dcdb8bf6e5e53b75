/**
 * Worker-thread entry: trains one band of classes (see parallel.ts) and posts it back, its weights transferred
 * rather than copied. Part 0 also returns what every part computes identically: classes, features, warnings.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeWordVectors } from '../../../core/text/index.ts';
import type { IntentExamples } from '../types.ts';
import { splitClasses } from './svm.ts';
import { prepare, trainPart, type IntentTrainingConfig } from './train.ts';

export interface WorkerRequest {
  readonly examples: readonly IntentExamples[];
  readonly config: IntentTrainingConfig;
  readonly vectors: Uint8Array | null;
  readonly part: number;
  readonly parts: number;
}

const request = workerData as WorkerRequest;
try {
  const { set, warnings } = prepare(request.examples, request.config);
  const vectors = request.vectors ? decodeWordVectors(request.vectors) : undefined;
  const range = splitClasses(set.intents.length, request.parts)[request.part] ?? { first: set.intents.length, count: 0 };
  const { featurizer, band } = trainPart(set, request.config, vectors, range);
  const shared = request.part === 0 ? { set, warnings, featurizer: featurizer.toJSON() } : undefined;
  parentPort!.postMessage({ ok: true, band, shared }, [band.weights.buffer as ArrayBuffer]);
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message, stack: (error as Error).stack });
}
