import { expect } from 'chai';
import type { Activity as BotActivity } from 'botbuilder';
import { HandoffRefused, type HubGateway } from '../../bot/index.ts';
import { HandoffRejected } from '../../handoff-hub/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { exchange, texts } from '../support/conversation.ts';
import { type Activity, startConversation } from '../support/directline-client.ts';
import { ADMIN } from './auth-support.ts';
import { ALWAYS_OPEN_QUEUES, createStaff, queuesFile, RepConsole } from '../support/hub.ts';
import { waitFor } from '../support/wait.ts';

const handoffEvent = (a: Activity) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate';
type Failure = { ok: false; error: { code: string; message: string } };

/** What a client or a bot can get wrong: each gets a clear answer, and nothing already stored is lost. */
describe('Hub bad input', function () {
  this.timeout(90_000);
  let t: TestApp;
  let ana: RepConsole;
  let ben: RepConsole;
  let conversationId: string;
  /** When set, the bot's handoff is spoiled on its way to the hub (a bot with a bug, or an old version). */
  let spoil: ((value: Record<string, unknown>) => Record<string, unknown>) | undefined;

  before(async () => {
    // The real hub behind a gateway that can spoil the context, as a buggy bot would send it.
    const gateway: HubGateway = {
      async initiate(event, reference) {
        const value = spoil ? spoil(event.value as Record<string, unknown>) : event.value;
        try {
          return await t.app.hub.initiate({ ...event, value } as Partial<BotActivity>, reference);
        } catch (error) {
          throw error instanceof HandoffRejected ? new HandoffRefused(error.message) : error;
        }
      },
      customerMessage: (id, m) => t.app.hub.customerMessage(id, m),
      customerChoice: (id, choice) => t.app.hub.customerChoice(id, choice),
    };
    t = await startTestApp(
      { HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password, HUB_QUEUES_FILE: queuesFile(ALWAYS_OPEN_QUEUES), HUB_SWEEP_MS: '100' },
      { hub: gateway },
    );
    ana = await RepConsole.connect(t.url, await createStaff(t.url, { name: 'Ana' }));
    ben = await RepConsole.connect(t.url, await createStaff(t.url, { name: 'Ben' }));
    const c = await startConversation(t.url);
    await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));
    const offer = await waitFor(() => ana.offers[0] ?? ben.offers[0], 'an offer');
    const owner = ana.offers[0] ? ana : ben;
    if (owner !== ana) [ana, ben] = [ben, ana]; // Ana owns it from here on
    await ana.send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId });
    conversationId = offer.conversationId;
  });
  after(async () => {
    ana?.close();
    ben?.close();
    await t?.stop();
  });

  it('refuses a handoff.initiate whose context is invalid: handoff.status failed with the reason, and the customer is told', async () => {
    spoil = (value) => ({ ...value, reason: 'because' });
    try {
      const c = await startConversation(t.url);
      const replies = await exchange(c, 'talk to a person', (r) => texts(r).some((x) => /can't connect you to a person/.test(x)));
      const status = replies.find((a) => a.type === 'event' && (a as { name?: string }).name === 'handoff.status') as { value?: { state: string; message: string } } | undefined;
      expect(status?.value?.state).to.equal('failed');
      expect(status?.value?.message).to.match(/invalid handoff context: reason: /);
      // The bot carries on with the customer.
      expect(texts(await exchange(c, 'hello', (r) => r.length > 0))[0]).to.match(/^Hello!/);
    } finally {
      spoil = undefined;
    }
  });

  it('refuses a context version it does not know, naming the field', async () => {
    const error = await t.app.hub.initiate({ type: 'event', name: 'handoff.initiate', value: { version: 99 } }, { channelId: 'x', conversation: { id: 'y' } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(HandoffRejected);
    expect((error as Error).message).to.match(/^invalid handoff context: /);
    const notAnEvent = await t.app.hub.initiate({ type: 'message', text: 'hi' }, { channelId: 'x', conversation: { id: 'y' } }).catch((e: unknown) => e);
    expect((notAnEvent as Error).message).to.match(/invalid event: type/);
  });

  it('answers malformed, oversized and unknown events with the field and the rule', async () => {
    const missing = (await ana.send('message:send', { conversationId, text: 'hi' })) as Failure;
    expect(missing.error).to.deep.include({ code: 'bad-request' });
    expect(missing.error.message).to.match(/^clientId: /);
    const extra = (await ana.send('close', { conversationId, evil: true })) as Failure;
    expect(extra.error.code).to.equal('bad-request');
    const huge = (await ana.send('message:send', { conversationId, clientId: 'big', text: 'x'.repeat(100_000) })) as Failure;
    expect(huge.error.code).to.equal('too-large');
    expect(huge.error.message).to.match(/^text: /);
    const unknown = (await ana.send('conversation:delete', { conversationId })) as Failure;
    expect(unknown.error.code).to.equal('unknown-event');
    const notAnObject = (await ana.send('read', 'seq=5')) as Failure;
    expect(notAnObject.error.code).to.equal('bad-request');
    // A wrap-up code the queues file does not list is refused, naming the ones it does; the chat stays open.
    const codes = await ana.send<{ dispositions: { code: string }[] }>('dispositions:list', {});
    if (!codes.ok) expect.fail(codes.error.message);
    expect(codes.dispositions.map((d) => d.code)).to.include('resolved');
    const badCode = (await ana.send('wrapup', { conversationId, disposition: 'made-up' })) as Failure;
    expect(badCode.error.code).to.equal('bad-request');
    expect(badCode.error.message).to.equal(`unknown disposition "made-up": one of ${codes.dispositions.map((d) => d.code).join(', ')}`);
  });

  it("keeps a rep out of another rep's conversation, and answers forged ids with not-found", async () => {
    for (const [event, payload] of [
      ['message:send', { conversationId, clientId: 'b1', text: 'let me in' }],
      ['conversation:join', { conversationId, afterSeq: 0 }],
      ['close', { conversationId }],
      ['handback', { conversationId }],
      ['transfer', { conversationId, to: { queueId: 'general' } }],
      ['wrapup', { conversationId, disposition: 'resolved' }],
    ] as const) {
      const answer = (await ben.send(event, payload)) as Failure;
      expect(answer.error?.code, event).to.equal('forbidden');
    }
    const forged = (await ana.send('message:send', { conversationId: 'no-such-conversation', clientId: 'f1', text: 'hello?' })) as Failure;
    expect(forged.error.code).to.equal('not-found');
    const forgedOffer = (await ben.send('offer:accept', { conversationId, offerId: 'made-up' })) as Failure;
    expect(forgedOffer.error.code).to.equal('offer-expired');
    const pick = (await ben.send('queue:pick', { conversationId })) as Failure;
    expect(pick.error.code).to.equal('forbidden');
  });

  it('loses nothing: after all that the chat works and every message is there once', async () => {
    const sent = await ana.send<{ message: { seq: number } }>('message:send', { conversationId, clientId: 'ok-1', text: 'still here' });
    const again = await ana.send<{ message: { seq: number } }>('message:send', { conversationId, clientId: 'ok-1', text: 'still here' });
    if (!sent.ok || !again.ok) expect.fail('sends should succeed');
    expect(again.message.seq, 'a retried send is stored once').to.equal(sent.message.seq);
    const joined = await ana.send<{ messages: { text: string }[] }>('conversation:join', { conversationId, afterSeq: 0 });
    if (!joined.ok) expect.fail(joined.error.message);
    expect(joined.messages.filter((m) => m.text === 'still here')).to.have.length(1);
    expect(joined.messages.some((m) => m.text === 'let me in' || m.text === 'hello?')).to.equal(false);
  });
});
