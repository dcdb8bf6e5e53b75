import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  type Activity,
  activitiesUrl,
  call,
  type ClientOptions,
  DirectLineClient,
  history,
  isReplyTo,
  textOf,
  tokenUser,
  transports,
  widgetToken,
} from '../support/directline-client.ts';
import { waitFor } from '../support/wait.ts';

const isWelcome = (a: Activity) => a.from.role === 'bot' && textOf(a).includes('Hi');
const replyTo = isReplyTo;
const say = (text: string, clientActivityID = `cid-${text}`) => ({
  type: 'message',
  from: { id: 'customer' },
  text,
  channelData: { clientActivityID },
});

describe('Local Direct Line, driven by DirectLineJS', () => {
  let t: TestApp;
  const clients: DirectLineClient[] = [];
  const connect = (o: ClientOptions) => {
    const client = new DirectLineClient(o);
    clients.push(client);
    return client;
  };

  before(async function () {
    this.timeout(60_000); // PGlite's start-up is slow on a busy machine
    t = await startTestApp();
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.end();
  });
  after(() => t.stop());

  for (const { name, webSocket } of transports) {
    describe(`over ${name}`, () => {
      it('welcomes the customer, echoes their message with a server id, then replies to it, in order', async () => {
        const conversation = await widgetToken(t.url);
        const client = connect({ domain: conversation.domain, token: conversation.token, webSocket });

        const welcome = await client.waitFor(isWelcome, 'the welcome');
        const id = await client.post(say('where is my parcel', `cid-${name}`));
        const reply = await client.waitFor(replyTo('where is my parcel'), 'the reply');

        const echo = client.messages.find((a) => a.channelData?.clientActivityID === `cid-${name}`);
        expect(echo, 'the echo of our own message').to.not.equal(undefined);
        expect(echo!.id).to.equal(id);
        expect(echo!.from.id, 'the token speaks for the user, not `from.id`').to.equal(tokenUser(conversation.token));
        // The topic may say more after its first reply; what comes first is fixed.
        expect(client.messageIds.slice(0, 3)).to.deep.equal([welcome.id, id, reply.id]);
      });

      it('resumes from its watermark after a server restart, missing nothing and repeating nothing', async function () {
        this.timeout(90_000); // a restart includes a cold start of PGlite
        // Greetings and thanks the bot answers: three messages it does not understand would go to a person.
        const conversation = await widgetToken(t.url);
        const first = connect({ domain: conversation.domain, token: conversation.token, webSocket });
        await first.waitFor(isWelcome, 'the welcome');
        await first.post(say('hello'));
        await first.waitFor(replyTo('hello'), 'the first reply');
        const { watermark } = first;
        first.end();

        // Written while no client is connected: only the watermark can bring these back.
        const posted = await call('POST', activitiesUrl(conversation), { token: conversation.token, json: say('thank you') });
        expect(posted.status).to.equal(200);
        await waitFor(async () => (await history(conversation)).some(replyTo('thank you')), 'the reply to "thank you"');
        await t.restart();

        const second = connect({
          domain: conversation.domain,
          token: conversation.token,
          conversationId: conversation.conversationId,
          watermark,
          webSocket,
        });
        await second.waitFor(replyTo('thank you'), 'the reply written while away');
        await second.post(say('hi there'));
        await second.waitFor(replyTo('hi there'), 'the reply after the restart');

        const stored = (await history(conversation)).map((a) => a.id);
        // Whatever the topics answer, the two clients together saw the stored history once, in order.
        const before = first.messageIds.length;
        expect(before, 'the welcome, the question and its reply').to.be.at.least(3);
        expect(first.messageIds, 'before the restart').to.deep.equal(stored.slice(0, before));
        expect(second.messageIds, 'after the watermark').to.deep.equal(stored.slice(before));
      });

      it('replays the whole history exactly once to a client resuming without a watermark', async () => {
        const conversation = await widgetToken(t.url);
        const first = connect({ domain: conversation.domain, token: conversation.token, webSocket });
        await first.post(say('hello there'));
        await first.waitFor(replyTo('hello there'), 'the reply');
        first.end();

        const again = connect({
          domain: conversation.domain,
          token: conversation.token,
          conversationId: conversation.conversationId,
          webSocket,
        });
        await again.waitFor(replyTo('hello there'), 'the replayed reply');
        // A second exchange gives a repeating replay (or poll) the time to show itself.
        await again.post(say('and again'));
        await again.waitFor(replyTo('and again'), 'the second reply');

        const stored = (await history(conversation)).map((a) => a.id);
        expect(stored, 'the welcome, two messages and their replies').to.have.length.of.at.least(5);
        expect(again.messageIds).to.deep.equal(stored);
      });
    });
  }
});
