/**
 * Runs one path of the hub bench in a worker thread, customers and reps together, so every client timestamp comes
 * from one clock on an event loop of its own (not the server's, which would hold a delivery until it is idle).
 */
import { typeScriptWorker } from '../../core/worker.ts';
import type { WorkloadOptions, WorkloadResult } from './hub-workload.ts';

const ENTRY = new URL('./hub-thread.ts', import.meta.url);

export interface HubLoadOptions {
  /** raw: bare Socket.io relay; floor: the same with customers posting over HTTP and one INSERT per message. */
  readonly path: 'ours' | 'raw' | 'floor';
  readonly label: string;
  readonly url: string;
  readonly customers: number;
  /** Rep sign-ins for ours; for raw only their number counts. */
  readonly reps: readonly { readonly email: string; readonly password: string }[];
  readonly setupConcurrency: number;
  readonly setupTimeoutMs: number;
  readonly workload: WorkloadOptions;
}

export interface HubLoadResult extends WorkloadResult {
  readonly setup_ms: number;
  /** Repeats a client dropped by id/seq before the workload saw them (not counted as duplicated). */
  readonly client_repeats_dropped: number;
  /** Sends retried after a dropped connection or a missing acknowledgement (idempotent: stored once). */
  readonly send_retries: number;
}

export function runHubLoadInWorker(options: HubLoadOptions): Promise<HubLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = typeScriptWorker(ENTRY, { workerData: options });
    worker.once('message', (reply: { result?: HubLoadResult; error?: string }) => {
      void worker.terminate();
      if (reply.result) resolve(reply.result);
      else reject(new Error(reply.error ?? 'hub load worker failed'));
    });
    worker.once('error', reject);
  });
}
