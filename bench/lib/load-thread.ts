/** The worker side of load-worker.ts: runs one load and posts its result back. */
import { parentPort, workerData } from 'node:worker_threads';
import { type LoadOptions, runLoad } from './load.ts';

runLoad(workerData as LoadOptions).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: (error as Error).stack ?? String(error) }),
);
