/** JSON posts from the bench's clients (hub-ours.ts, raw-relay.ts). */
import { Agent, request } from 'node:http';

/**
 * Customers post over kept-alive connections, as a browser does. node:http rather than Node's fetch: undici's fetch
 * adds about half a millisecond per request on this machine (and several at p99) that a browser's fetch does not,
 * and that would be timed as the server's.
 */
const agent = new Agent({ keepAlive: true });

/** A network failure (as opposed to an answer): worth retrying with the same clientActivityID. */
export class NetworkError extends Error {}

export function postJson(url: string, body: unknown, token?: string): Promise<unknown> {
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => reject(new NetworkError(error.message, { cause: error })));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 400) return reject(new Error(`POST ${url} answered ${res.statusCode}: ${text.slice(0, 300)}`));
        resolve(text ? (JSON.parse(text) as unknown) : undefined);
      });
    });
    req.on('error', (error) => reject(new NetworkError(error.message, { cause: error })));
    req.end(payload);
  });
}

/** Closes the kept-alive connections. */
export function closePosts(): void {
  agent.destroy();
}
