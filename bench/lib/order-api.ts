/**
 * The demo order API (web/demo/orders-api.ts) served from a worker thread, for bench:turn: the Track my order
 * action then calls another event loop, as it would call a real order system, instead of the benchmarked server's
 * own (which, saturated by 50 conversations, answered those calls one every 10–20 ms and gave the p99 a 2 s tail
 * that was about serving the demo API, not about the bot).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort } from 'node:worker_threads';
import { typeScriptWorker } from '../../core/worker.ts';
import { demoOrder } from '../../web/demo/orders-api.ts';

/** Starts the worker; resolves with the API's base URL (for ORDER_API_URL) and a way to stop it. */
export async function startOrderApiInWorker(): Promise<{ url: string; stop: () => Promise<void> }> {
  const worker = typeScriptWorker(new URL(import.meta.url));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (m: { port: number }) => resolve(m.port));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`order API worker exited with code ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: async () => void (await worker.terminate()) };
}

if (!isMainThread && parentPort) {
  const server = createServer((req, res) => {
    const m = /^\/orders\/([^/?]+)$/.exec(req.url ?? '');
    const order = m ? demoOrder(decodeURIComponent(m[1]!).toUpperCase(), new Date()) : undefined;
    res.writeHead(order ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(order ?? { error: { code: 'NotFound', message: 'no such order' } }));
  });
  server.listen(0, '127.0.0.1', () => parentPort!.postMessage({ port: (server.address() as AddressInfo).port }));
}
