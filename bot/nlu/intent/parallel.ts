import { availableParallelism } from 'node:os';
import type { WordVectors } from '../../../core/text/index.ts';
import type { IntentExamples, TrainingWarning } from '../types.ts';
import type { TrainingSet } from './dataset.ts';
import { Featurizer, type FeaturizerData } from './features.ts';
import type { WeightBand } from './svm.ts';
import { assemble, type IntentTrainingOptions, type TrainedIntentModel } from './train.ts';
import { typeScriptWorker } from '../../../core/worker.ts';
import type { WorkerRequest } from './worker.ts';

/**
 * Trains off the main thread: the one-vs-rest classes are split into bands, one worker thread each, and the bands
 * are used side by side as they come back (no merge). The event loop only posts the examples and builds the
 * vocabulary index of the result.
 */

export interface ParallelOptions extends IntentTrainingOptions {
  /** Worker threads; default: up to 2, and 1 for small sets, where starting a second thread costs more than it saves. */
  readonly threads?: number;
  /** Aborting terminates the workers and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

interface WorkerReply {
  readonly ok: boolean;
  readonly message?: string;
  readonly stack?: string;
  readonly band?: WeightBand;
  readonly shared?: { set: TrainingSet; warnings: TrainingWarning[]; featurizer: FeaturizerData };
}

const WORKER = new URL('./worker.ts', import.meta.url);
const vectorBytes = new WeakMap<WordVectors, Uint8Array>();

export async function trainIntentModelInWorkers(examples: readonly IntentExamples[], options: ParallelOptions = {}): Promise<TrainedIntentModel> {
  const { wordVectors, threads, signal, ...config } = options;
  const phrases = examples.reduce((n, e) => n + e.phrases.length, 0);
  const parts = Math.max(1, threads ?? (phrases < 2000 ? 1 : Math.min(2, availableParallelism())));
  const vectors = wordVectors ? bytesOf(wordVectors) : null;
  const replies = await Promise.all(
    Array.from({ length: parts }, (_, part) => runWorker({ examples, config, vectors, part, parts }, signal)),
  );
  const shared = replies[0]!.shared!;
  const bands = replies.map((r) => r.band!).filter((b) => b.count > 0);
  const featurizer = Featurizer.fromJSON(shared.featurizer, wordVectors);
  return { model: assemble(shared.set, config, bands, featurizer, wordVectors), warnings: shared.warnings };
}

function bytesOf(vectors: WordVectors): Uint8Array {
  let bytes = vectorBytes.get(vectors);
  if (!bytes) vectorBytes.set(vectors, (bytes = vectors.toBytes()));
  return bytes;
}

function runWorker(request: WorkerRequest, signal: AbortSignal | undefined): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = typeScriptWorker(WORKER, { workerData: request });
    const onAbort = () => {
      void worker.terminate();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    worker.once('message', (reply: WorkerReply) => {
      settle();
      void worker.terminate();
      if (reply.ok) resolve(reply);
      else reject(Object.assign(new Error(`intent training failed: ${reply.message}`), { stack: reply.stack }));
    });
    worker.once('error', (error) => {
      settle();
      reject(new Error(`intent training worker crashed: ${error.message}`, { cause: error }));
    });
    worker.once('exit', (code) => {
      settle();
      // After a reply this changes nothing (the promise is settled); otherwise the worker died without one.
      reject(new Error(`intent training worker exited with code ${code} before replying`));
    });
  });
}

/** An IntentModelHolder trainer that trains in worker threads with these options. */
export function workerTrainer(options: Omit<ParallelOptions, 'signal'> = {}): (examples: readonly IntentExamples[], signal: AbortSignal) => Promise<TrainedIntentModel> {
  return (examples, signal) => trainIntentModelInWorkers(examples, { ...options, signal });
}
