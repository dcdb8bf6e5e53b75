import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import { BotStub } from '../support/bot-stub.ts';
import {
  activitiesUrl,
  type Answer,
  call,
  type Conversation,
  history,
  startConversation,
  streamUrl,
  isReplyTo,
  upgradeStatus,
} from '../support/directline-client.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';

/** Direct Line's error shape: `{"error":{"code","message"}}`, with a code a client can switch on. */
function expectError(answer: Answer, status: number, message?: RegExp): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
  expect(answer.body, 'a JSON error body').to.be.an('object');
  expect(answer.body.error.code).to.be.a('string').and.not.equal('');
  expect(answer.body.error.message).to.be.a('string').and.not.equal('');
  if (message) expect(answer.body.error.message).to.match(message);
}

const hasReply = (words: string) => async (c: Conversation) =>
  (await history(c)).some(isReplyTo(words));

describe('Local Direct Line, bad input', () => {
  let t: TestApp;
  let bot: BotStub;
  let conversation: Conversation;
  let stored: string[];

  before(async function () {
    this.timeout(60_000); // PGlite's start-up is slow on a busy machine
    // The bot endpoint is a relay to the app's own /api/messages, so the tests learn the channel's serviceUrl.
    bot = await BotStub.start();
    bot.respond = () => 'relay';
    t = await startTestApp({ BOT_ENDPOINT: bot.url });
    bot.relayTo = `${t.url}/api/messages`;
    conversation = await startConversation(t.url);
    await call('POST', activitiesUrl(conversation), { token: conversation.token, json: say('hello before the checks') });
    await waitFor(() => hasReply('hello before the checks')(conversation), 'the first reply');
    stored = (await history(conversation)).map((a) => a.id!);
  });
  afterEach('the process is still up and nothing stored was lost', async () => {
    expect((await call('GET', `${t.url}/healthz`)).status).to.equal(200);
    const now = (await history(conversation)).map((a) => a.id!);
    expect(now).to.include.members(stored);
    stored = now;
  });
  after(async () => {
    await t.stop();
    await bot.close();
  });

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    call('POST', activitiesUrl(conversation), { token: conversation.token, body, headers });

  describe('posting an activity', () => {
    it('answers malformed JSON with 400', async () => {
      expectError(await post('{"type": "message", "from": '), 400, /JSON/);
    });

    it('answers an activity without type with 400 naming body.type', async () => {
      expectError(await post(JSON.stringify({ from: { id: 'customer' }, text: 'x' })), 400, /body\.type/);
    });

    it('answers an activity without from with 400 naming body.from', async () => {
      expectError(await post(JSON.stringify({ type: 'message', text: 'x' })), 400, /body\.from/);
    });

    it('answers a body over the size limit (256 KiB) with 413', async () => {
      const text = 'x'.repeat(300 * 1024);
      expectError(await post(JSON.stringify({ type: 'message', from: { id: 'customer' }, text })), 413);
    });

    it('answers an unknown conversation with 404', async () => {
      const answer = await call('POST', `${conversation.domain}/conversations/no-such-conversation/activities`, {
        token: conversation.token,
        json: say('lost'),
      });
      expectError(answer, 404);
    });

    it('answers a token that is not ours with 403', async () => {
      const forged = `${conversation.token.slice(0, -4)}AAAA`;
      expectError(await call('POST', activitiesUrl(conversation), { token: forged, json: say('forged') }), 403);
    });

    it('answers a request without Authorization with 401', async () => {
      expectError(await call('POST', activitiesUrl(conversation), { json: say('anonymous') }), 401);
    });
  });

  describe('opening the stream', () => {
    it('refuses a bad token with 403 on the upgrade', async () => {
      expect(await upgradeStatus(streamUrl(conversation, 'not-a-token'))).to.equal(403);
    });

    it('refuses an unknown conversation with 404 on the upgrade', async () => {
      expect(await upgradeStatus(streamUrl(conversation, conversation.token, 'no-such-conversation'))).to.equal(404);
    });
  });

  describe('POST /api/messages (no MicrosoftAppId)', () => {
    const serviceUrl = () => bot.received.find((a) => a.type === 'conversationUpdate')!.serviceUrl as string;
    const toBot = (activity: Record<string, unknown>) => call('POST', `${t.url}/api/messages`, { json: activity });
    const fromChannel = (text: string) => ({
      type: 'message',
      id: `${text}-1`,
      channelId: 'directline',
      text,
      from: { id: 'customer', role: 'user' },
      recipient: { id: 'bot', role: 'bot' },
      conversation: { id: conversation.conversationId },
      serviceUrl: serviceUrl(),
    });

    it('refuses an activity whose serviceUrl is not our channel with 403, and never calls that URL', async () => {
      const foreign = await BotStub.start();
      try {
        const answer = await toBot({ ...fromChannel('call elsewhere'), serviceUrl: foreign.url.replace('/api/messages', '/') });
        expectError(answer, 403);
        await quietPeriod(500); // a reply would be on its way by now
        expect(foreign.received).to.have.length(0);
      } finally {
        await foreign.close();
      }
      // Direct Line traffic still reaches the bot (a greeting: messages it does not understand go to a person).
      await call('POST', activitiesUrl(conversation), { token: conversation.token, json: say('hello there') });
      await waitFor(() => hasReply('hello there')(conversation), 'the reply after the refusal');
    });

    it('processes a well-formed activity carrying our channel serviceUrl', async () => {
      expect((await toBot(fromChannel('good morning'))).status).to.equal(200);
      // It came straight to the bot, not through the channel: the reply names the posted id.
      await waitFor(
        async () => (await history(conversation)).some((a) => a.from.role === 'bot' && (a as { replyToId?: string }).replyToId === 'good morning-1'),
        'the reply in the conversation',
      );
    });

    it('refuses an activity without a conversation with 400, even from our own channel', async () => {
      const { conversation: _dropped, ...withoutConversation } = fromChannel('nowhere');
      expectError(await toBot(withoutConversation), 400, /conversation/);
    });
  });
});

function say(text: string) {
  return { type: 'message', from: { id: 'customer' }, text };
}
