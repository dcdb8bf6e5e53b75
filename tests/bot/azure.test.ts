import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';

/** A local fake of Azure Direct Line's tokens/generate, speaking its real HTTP shape. */
async function fakeAzure(status = 200): Promise<{ server: Server; domain: string; calls: { auth?: string; body: unknown }[] }> {
  const calls: { auth?: string; body: unknown }[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      calls.push({ auth: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined });
      if (req.url !== '/v3/directline/tokens/generate' || req.method !== 'POST') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? JSON.stringify({ conversationId: 'azure-conv-1', token: 'azure-token', expires_in: 1800 }) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, domain: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline`, calls };
}

describe('Azure Bot Service configuration', function () {
  this.timeout(120_000);

  describe('with AZURE_DIRECTLINE_SECRET', () => {
    let t: TestApp;
    let azure: Awaited<ReturnType<typeof fakeAzure>>;
    before(async () => {
      azure = await fakeAzure();
      t = await startTestApp({ AZURE_DIRECTLINE_SECRET: 'azure-secret-value', AZURE_DIRECTLINE_DOMAIN: azure.domain });
    });
    after(async () => {
      await t.stop();
      azure.server.close();
    });

    it("gives the widget an Azure token and Azure's domain, never the secret", async () => {
      const response = await fetch(`${t.url}/api/directline/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: { name: 'Ada' } }),
      });
      const body = await response.json();
      expect(body).to.deep.equal({ conversationId: 'azure-conv-1', token: 'azure-token', expires_in: 1800, domain: azure.domain });
      expect(JSON.stringify(body)).not.to.include('azure-secret-value');
      const call = azure.calls.at(-1)!;
      expect(call.auth).to.equal('Bearer azure-secret-value');
      expect(call.body).to.have.nested.property('user.name', 'Ada');
      expect((call.body as { user: { id: string } }).user.id).to.match(/^dl_/);
    });
  });

  describe('when Azure refuses', () => {
    let t: TestApp;
    let azure: Awaited<ReturnType<typeof fakeAzure>>;
    before(async () => {
      azure = await fakeAzure(403);
      t = await startTestApp({ AZURE_DIRECTLINE_SECRET: 'wrong-secret', AZURE_DIRECTLINE_DOMAIN: azure.domain });
    });
    after(async () => {
      await t.stop();
      azure.server.close();
    });

    it('answers 502 with a JSON error the widget can show', async () => {
      const response = await fetch(`${t.url}/api/directline/token`, { method: 'POST' });
      expect(response.status).to.equal(502);
      expect((await response.json()).error.code).to.equal('UpstreamError');
    });
  });

  describe('with MicrosoftAppId and AZURE_DIRECTLINE_SECRET (a Bot Service deployment)', () => {
    let t: TestApp;
    let azure: Awaited<ReturnType<typeof fakeAzure>>;
    before(async () => {
      azure = await fakeAzure();
      t = await startTestApp({
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'x',
        AZURE_DIRECTLINE_SECRET: 'azure-secret-value',
        AZURE_DIRECTLINE_DOMAIN: azure.domain,
      });
    });
    after(async () => {
      await t.stop();
      azure.server.close();
    });

    it('still gives the widget Azure tokens', async () => {
      const body = await (await fetch(`${t.url}/api/directline/token`, { method: 'POST' })).json();
      expect(body).to.include({ token: 'azure-token', domain: azure.domain });
    });

    it('does not serve the local Direct Line, which could not authenticate to the bot', async () => {
      const response = await fetch(`${t.url}/v3/directline/conversations`, { method: 'POST' });
      expect(response.status).to.equal(404);
    });
  });

  describe('with MicrosoftAppId only', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x' });
    });
    after(() => t.stop());

    const activity = {
      type: 'message',
      text: 'hi',
      channelId: 'directline',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: 'dl_user' },
      recipient: { id: 'bot' },
      conversation: { id: 'c1' },
    };

    it('enforces Bot Framework authentication on /api/messages (no token: 401)', async () => {
      const response = await fetch(`${t.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      expect(response.status).to.equal(401);
    });

    it('refuses a forged bearer token (the SDK validates it)', async () => {
      const response = await fetch(`${t.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-jwt' },
        body: JSON.stringify(activity),
      });
      expect(response.status).to.be.oneOf([401, 403]);
    });

    it('has no widget channel to offer (404 for a token)', async () => {
      const response = await fetch(`${t.url}/api/directline/token`, { method: 'POST' });
      expect(response.status).to.equal(404);
    });
  });
});
