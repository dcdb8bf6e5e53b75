import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('POST /api/directline/token', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ TOKEN_RATE_LIMIT_PER_MINUTE: '2' });
  });
  after(() => t.stop());

  it('mints a conversation-bound token for a named customer', async () => {
    const response = await fetch(`${t.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: { name: 'Grace' } }),
    });
    const body = await response.json();
    expect(response.status).to.equal(200);
    expect(body.domain).to.equal(`${t.url}/v3/directline`);
    const claims = JSON.parse(Buffer.from(body.token.split('.')[1], 'base64url').toString());
    expect(claims).to.include({ conv: body.conversationId, name: 'Grace' });
    expect(claims.user).to.match(/^dl_/);
  });

  it('refuses a name that is not text with a 400 naming the field', async () => {
    const response = await fetch(`${t.url}/api/directline/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: { name: 42 } }),
    });
    expect(response.status).to.equal(400);
    expect((await response.json()).error.message).to.match(/^body\.user\.name/);
  });

  it('answers 429 with Retry-After once a client address exceeds its conversations per minute', async () => {
    // The first test used one of the two; the 400 above was refused before creating anything but still counted.
    const response = await fetch(`${t.url}/api/directline/token`, { method: 'POST' });
    expect(response.status).to.equal(429);
    expect(Number(response.headers.get('retry-after'))).to.be.within(1, 60);
    expect((await response.json()).error.code).to.equal('TooManyRequests');
  });

  it('lets the browser read Retry-After cross-origin (the widget shows it)', async () => {
    const response = await fetch(`${t.url}/api/directline/token`, { method: 'POST', headers: { origin: 'https://shop.example' } });
    expect(response.headers.get('access-control-allow-origin')).to.equal('*');
    expect(response.headers.get('access-control-expose-headers')).to.include('retry-after');
  });
});
