/** The worker side of hub-worker.ts: opens one path's pairs, runs the workload over them, posts the result back. */
import { parentPort, workerData } from 'node:worker_threads';
import { openOurs } from './hub-ours.ts';
import type { HubLoadOptions, HubLoadResult } from './hub-worker.ts';
import { workload } from './hub-workload.ts';
import { openRaw } from './raw-relay.ts';

async function run(o: HubLoadOptions): Promise<HubLoadResult> {
  const t0 = performance.now();
  const log = (m: string) => process.stderr.write(`[bench:hub] ${o.label} +${((performance.now() - t0) / 1000).toFixed(1)} s: ${m}\n`);
  const w = workload(o.workload, log);
  const path =
    o.path === 'ours'
      ? await openOurs({ url: o.url, customers: o.customers, reps: o.reps, setupConcurrency: o.setupConcurrency, setupTimeoutMs: o.setupTimeoutMs }, w.receive, log)
      : await openRaw({ url: o.url, customers: o.customers, reps: o.reps.length, customerHttp: o.path === 'floor' }, w.receive);
  const setupMs = Math.round(performance.now() - t0);
  try {
    const result = await w.run(path.pairs);
    const counters = path.counters();
    return { ...result, setup_ms: setupMs, client_repeats_dropped: counters.repeats, send_retries: counters.retries };
  } finally {
    await path.close();
  }
}

run(workerData as HubLoadOptions).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: (error as Error).stack ?? String(error) }),
);
