import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('HTTP basics', function () {
  this.timeout(120_000);

  describe('on plain http', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp();
    });
    after(() => t.stop());

    it('answers health probes made with HEAD as well as GET', async () => {
      expect((await fetch(`${t.url}/healthz`, { method: 'HEAD' })).status).to.equal(200);
      expect((await fetch(`${t.url}/healthz`)).status).to.equal(200);
    });

    it('sends a strict Content-Security-Policy that does not push browsers to https', async () => {
      const response = await fetch(`${t.url}/`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).to.include("script-src 'self'").and.include("object-src 'none'").and.include("frame-ancestors 'self'");
      expect(csp).not.to.include('upgrade-insecure-requests');
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    });

    it('answers an unknown route with a JSON error that has a code', async () => {
      const response = await fetch(`${t.url}/no/such/route`);
      expect(response.status).to.equal(404);
      const body = await response.json();
      expect(body.error.code).to.be.a('string').and.not.empty;
    });

    it('reports not ready (503) when storage stops answering, and stays up', async () => {
      await t.app.sql.close();
      const ready = await fetch(`${t.url}/readyz`);
      expect(ready.status).to.equal(503);
      expect(await ready.json()).to.deep.equal({ status: 'unavailable', storage: 'pglite' });
      expect((await fetch(`${t.url}/healthz`)).status).to.equal(200);
    });
  });

  describe('behind an https PUBLIC_URL', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ PUBLIC_URL: 'https://support.example.com' });
    });
    after(() => t.stop());

    it('asks browsers to upgrade insecure requests', async () => {
      const csp = (await fetch(`${t.url}/`)).headers.get('content-security-policy') ?? '';
      expect(csp).to.include('upgrade-insecure-requests');
    });

    it('builds stream URLs from PUBLIC_URL, not from the Host header', async () => {
      const { token } = await (await fetch(`${t.url}/api/directline/token`, { method: 'POST' })).json();
      const started = await fetch(`${t.url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, host: 'evil.example' },
      });
      expect((await started.json()).streamUrl).to.match(/^wss:\/\/support\.example\.com\/v3\/directline\/conversations\//);
    });
  });
});
