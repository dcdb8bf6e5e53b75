import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { expect } from 'chai';
import { startMain } from './support/main-process.ts';

/** `npm start`'s entry point as a real process on a free port, with its own data folder. */
const start = (dataDir: string) => startMain({ PORT: '0', DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '5000' });

describe('main (the process npm start runs)', function () {
  this.timeout(90_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'support-hub-main-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves health and readiness, logs JSON with a request id, and returns it as x-request-id', async () => {
    const running = await start(dataDir);
    try {
      const health = await fetch(`${running.url}/healthz`);
      expect(health.status).to.equal(200);
      const requestId = health.headers.get('x-request-id');
      expect(requestId).to.be.a('string').and.not.empty;
      const ready = await fetch(`${running.url}/readyz`);
      expect(await ready.json()).to.deep.equal({ status: 'ready', storage: 'pglite' });
      const metrics = await (await fetch(`${running.url}/metrics`)).text();
      expect(metrics).to.include('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz",status="200"}');
      await waitFor(() => running.lines.some((l) => l.msg === 'request' && l.reqId === requestId && l.path === '/healthz'));
    } finally {
      await running.stop();
    }
  });

  it('on SIGTERM finishes the request in flight, exits 0 and releases the data folder', async () => {
    const running = await start(dataDir);
    const token = await (await fetch(`${running.url}/api/directline/token`, { method: 'POST' })).json();
    // The server answers "100 Continue" once it has parsed the headers: the request is then in flight for sure.
    // The signal arrives, and only then does the body follow.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${running.url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json', expect: '100-continue' },
      });
      req.on('continue', () => {
        running.kill('SIGTERM');
        setTimeout(() => req.end(JSON.stringify({ locale: 'en-US' })), 200);
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(status).to.equal(201);
    expect(await running.exited).to.equal(0);
    expect(running.lines.some((l) => l.msg === 'stopped')).to.equal(true);
    expect(existsSync(join(dataDir, 'support-hub.lock'))).to.equal(false);

    // The folder opens again and what was written is there.
    const again = await start(dataDir);
    try {
      const activities = await fetch(`${again.url}/v3/directline/conversations/${token.conversationId}/activities`, {
        headers: { authorization: `Bearer ${token.token}` },
      });
      expect(activities.status).to.equal(200);
    } finally {
      again.kill('SIGINT');
      expect(await again.exited).to.equal(0);
    }
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
