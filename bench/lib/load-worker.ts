/**
 * Runs `runLoad` in a worker thread, so the customers' clocks have an event loop of their own. In the server's
 * thread a client would see a reply only once the server finished whatever it does after sending it (the next
 * message of the turn, the state write), which a browser on another machine would not wait for.
 */
import { Worker } from 'node:worker_threads';
import type { LoadOptions, LoadResult } from './load.ts';

const ENTRY = new URL('./load-thread.ts', import.meta.url);
/** Node 20 does not apply `--import tsx` to worker threads: the bootstrap registers tsx first. */
const BOOTSTRAP = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(ENTRY.href)}); })`;

export function runLoadInWorker(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: options });
    worker.once('message', (reply: { result?: LoadResult; error?: string }) => {
      void worker.terminate();
      if (reply.result) resolve(reply.result);
      else reject(new Error(reply.error ?? 'load worker failed'));
    });
    worker.once('error', reject);
  });
}
