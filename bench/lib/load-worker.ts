/**
 * Runs `runLoad` in a worker thread, so the customers' clocks have an event loop of their own. In the server's
 * thread a client would see a reply only once the server finished whatever it does after sending it (the next
 * message of the turn, the state write), which a browser on another machine would not wait for.
 */
import { typeScriptWorker } from '../../core/worker.ts';
import type { LoadOptions, LoadResult } from './load.ts';

const ENTRY = new URL('./load-thread.ts', import.meta.url);

export function runLoadInWorker(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = typeScriptWorker(ENTRY, { workerData: options });
    worker.once('message', (reply: { result?: LoadResult; error?: string }) => {
      void worker.terminate();
      if (reply.result) resolve(reply.result);
      else reject(new Error(reply.error ?? 'load worker failed'));
    });
    worker.once('error', reject);
  });
}
