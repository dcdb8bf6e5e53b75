import { expect } from 'chai';
import { startTestApp, TEST_DIRECTLINE_SECRET, type TestApp } from '../support/app.ts';
import {
  activitiesUrl,
  call,
  type Conversation,
  expiredToken,
  startConversation,
  streamUrl,
  tokenUser,
  upgradeStatus,
} from '../support/directline-client.ts';

const hello = { type: 'message', from: { id: 'customer' }, text: 'hello' };

describe('Local Direct Line tokens', () => {
  let t: TestApp;
  let a: Conversation;
  let b: Conversation;

  before(async function () {
    this.timeout(60_000); // PGlite's start-up is slow on a busy machine
    t = await startTestApp();
    a = await startConversation(t.url);
    b = await startConversation(t.url);
  });
  after(() => t.stop());

  describe("a token used on another conversation than its own", () => {
    it('cannot read that conversation (403)', async () => {
      const answer = await call('GET', activitiesUrl(b), { token: a.token });
      expect(answer.status).to.equal(403);
      expect(answer.body.error.code).to.equal('Forbidden');
    });

    it('cannot post to that conversation (403), and nothing is stored there', async () => {
      const answer = await call('POST', activitiesUrl(b), { token: a.token, json: hello });
      expect(answer.status).to.equal(403);
      const stored = await call('GET', activitiesUrl(b), { token: b.token });
      expect(stored.body.activities.filter((x: { text?: string }) => x.text === 'hello')).to.deep.equal([]);
    });

    it('cannot open the stream of that conversation (403 on the upgrade), though it opens its own', async () => {
      expect(await upgradeStatus(streamUrl(b, a.token))).to.equal(403);
      expect(await upgradeStatus(streamUrl(a))).to.equal(101);
    });
  });

  describe('an expired token', () => {
    let expired: string;
    before(async () => {
      expired = await expiredToken(a.conversationId, tokenUser(a.token));
    });

    it('is refused with 403 and code TokenExpired', async () => {
      const answer = await call('GET', activitiesUrl(a), { token: expired });
      expect(answer.status).to.equal(403);
      expect(answer.body.error.code).to.equal('TokenExpired');
    });

    it('cannot be refreshed (403)', async () => {
      const answer = await call('POST', `${a.domain}/tokens/refresh`, { token: expired });
      expect(answer.status).to.equal(403);
      expect(answer.body.error.code).to.equal('TokenExpired');
    });

    it('cannot open the stream (403 on the upgrade)', async () => {
      expect(await upgradeStatus(streamUrl(a, expired))).to.equal(403);
    });
  });

  it('refreshes a valid token into a new one for the same conversation and user, which opens it', async () => {
    const answer = await call('POST', `${a.domain}/tokens/refresh`, { token: a.token });
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ conversationId: a.conversationId });
    expect(answer.body.expires_in).to.be.greaterThan(0);
    const fresh = answer.body.token as string;
    expect(fresh).to.not.equal(a.token);
    expect(tokenUser(fresh)).to.equal(tokenUser(a.token));

    expect((await call('GET', activitiesUrl(a), { token: fresh })).status).to.equal(200);
    expect((await call('POST', activitiesUrl(a), { token: fresh, json: hello })).status).to.equal(200);
    expect(await upgradeStatus(streamUrl(a, fresh))).to.equal(101);
  });

  describe('tokens/generate', () => {
    it('mints a token for a new conversation to the holder of the secret, and the token starts it', async () => {
      const answer = await call('POST', `${a.domain}/tokens/generate`, { token: TEST_DIRECTLINE_SECRET, json: {} });
      expect(answer.status).to.equal(200);
      expect(answer.body).to.have.keys('conversationId', 'token', 'expires_in');
      const started = await call('POST', `${a.domain}/conversations`, { token: answer.body.token, json: {} });
      expect(started.status).to.equal(201);
      expect(started.body.conversationId).to.equal(answer.body.conversationId);
    });

    it('refuses a conversation token (403) and a caller without Authorization (401)', async () => {
      const withToken = await call('POST', `${a.domain}/tokens/generate`, { token: a.token, json: {} });
      expect(withToken.status).to.equal(403);
      const anonymous = await call('POST', `${a.domain}/tokens/generate`, { json: {} });
      expect(anonymous.status).to.equal(401);
      expect(anonymous.body.error.code).to.equal('MissingAuthorization');
    });
  });
});
