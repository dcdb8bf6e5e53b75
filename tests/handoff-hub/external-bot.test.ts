import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Activity, EventFactory, TestAdapter, TurnContext } from 'botbuilder';
import { expect } from 'chai';
import { ExternalBotsError, parseExternalBots } from '../../handoff-hub/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ALWAYS_OPEN_QUEUES, createStaff, queuesFile, RepConsole, type Staff } from '../support/hub.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';
import { ADMIN, call } from './auth-support.ts';

const PARTNER_SECRET = 'partner-secret-0123456789abcdef0123456789';
const OTHER_SECRET = 'other-bot-secret-0123456789abcdef01234567';

// Activities as JSON: what arrived over HTTP.
type Posted = Record<string, any>;

/** Another Bot Framework bot's callback endpoint: records every activity the hub posts, and can refuse some. */
class FakeBot {
  readonly received: { authorization: string | undefined; activity: Posted; answered: number }[] = [];
  /** How many of the next posts to answer 503. */
  refuse = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeBot> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const bot = new FakeBot(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/hub-events`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const answered = bot.refuse > 0 ? 503 : 200;
        if (bot.refuse > 0) bot.refuse--;
        bot.received.push({ authorization: req.headers.authorization, activity: JSON.parse(Buffer.concat(chunks).toString('utf8')), answered });
        res.statusCode = answered;
        res.end();
      });
    });
    return bot;
  }

  activities(predicate: (a: Posted) => boolean): Posted[] {
    return this.received.filter((r) => predicate(r.activity)).map((r) => r.activity);
  }

  next(predicate: (a: Posted) => boolean, what: string): Promise<Posted> {
    return waitFor(() => this.activities(predicate)[0], what, 15_000);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const status = (state: string, hubConversationId?: string) => (a: Posted) =>
  a.type === 'event' && a.name === 'handoff.status' && a.value?.state === state && (!hubConversationId || a.channelData?.hubConversationId === hubConversationId);

/** The context another bot sends: Copilot Studio's keys and ours (core/handoff/context.ts). */
function handoffContext(conversationId: string, customer: Record<string, unknown> = {}) {
  return {
    va_Scope: 'bot',
    va_LastTopic: 'Returns',
    va_Topics: ['Greeting', 'Returns'],
    va_LastPhrases: 'I want a person',
    va_Phrases: ['my return was refused', 'I want a person'],
    va_ConversationId: conversationId,
    va_AgentMessage: 'Return refused twice.',
    va_Language: 'en',
    va_BotId: 'partner-bot',
    va_BotName: 'Partner Bot',
    version: 1,
    reason: 'customer-asked',
    variables: {},
    intents: [],
    sentiment: { trend: -0.2, series: [], signals: [] },
    entities: [],
    summary: 'The customer’s return was refused; they asked for a person.',
    queue: null,
    skills: [],
    customer: { id: 'pat-1', name: 'Pat', email: null, phone: null, ...customer },
  };
}

/** What a botbuilder-js bot sends, made the way EXTERNAL_BOTS.md shows: EventFactory on the customer's turn. */
function initiation(conversationId: string, context: object = handoffContext(conversationId)): Partial<Activity> {
  const user = { id: 'pat-1', name: 'Pat' };
  const bot = { id: 'partner-bot', name: 'Partner Bot' };
  const conversation = { id: conversationId };
  const base = { channelId: 'partner-chat', serviceUrl: 'https://partner.example/api', conversation };
  const transcript = [
    { ...base, type: 'message', id: 'a1', from: user, recipient: bot, text: 'my return was refused', timestamp: '2026-01-05T10:00:00Z' },
    { ...base, type: 'message', id: 'a2', from: { ...bot, role: 'bot' }, recipient: user, text: 'Sorry to hear that. Returns are accepted within 30 days.', timestamp: '2026-01-05T10:00:01Z' },
    { ...base, type: 'message', id: 'a3', from: user, recipient: bot, text: 'I want a person', timestamp: '2026-01-05T10:00:05Z' },
  ];
  // JSON timestamps, as they arrive over the wire; botbuilder's types say Date.
  const turn = new TurnContext(new TestAdapter(), transcript[2] as unknown as Partial<Activity>);
  return EventFactory.createHandoffInitiation(turn, context, { activities: transcript as unknown as Activity[] });
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe('Handoffs from other Bot Framework bots (webhook channel)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let partner: FakeBot;
  let other: FakeBot;
  const consoles: RepConsole[] = [];
  const connect = async (staff: Staff) => {
    const rep = await RepConsole.connect(t.url, staff);
    consoles.push(rep);
    return rep;
  };
  const handOver = (secret: string, event: unknown) => call(t.url, '/api/hub/handoff', { body: event, headers: bearer(secret) });
  const customerSays = (secret: string, hubConversationId: string, message: unknown) =>
    call(t.url, `/api/hub/conversations/${hubConversationId}/messages`, { body: message, headers: bearer(secret) });

  before(async () => {
    [partner, other] = await Promise.all([FakeBot.start(), FakeBot.start()]);
    t = await startTestApp(
      { HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password, HUB_QUEUES_FILE: queuesFile(ALWAYS_OPEN_QUEUES), HUB_SWEEP_MS: '100' },
      {
        externalBots: [
          { id: 'partner', callbackUrl: partner.url, secret: PARTNER_SECRET },
          { id: 'other', callbackUrl: other.url, secret: OTHER_SECRET },
        ],
      },
    );
  });
  afterEach(async () => {
    for (const rep of consoles.splice(0)) rep.close();
    await quietPeriod(100);
  });
  after(async () => {
    await t.stop();
    await Promise.all([partner.close(), other.close()]);
  });

  it('takes the handoff, reports accepted, relays both ways with sender and id, and reports completed on close', async () => {
    const rita = await createStaff(t.url, { name: 'Rita' });
    const rep = await connect(rita);

    const handed = await handOver(PARTNER_SECRET, initiation('partner-conv-1'));
    expect(handed.status, JSON.stringify(handed.body)).to.equal(202);
    const { hubConversationId } = handed.body as { hubConversationId: string };
    const offer = await rep.nextOffer(hubConversationId);
    expect(offer).to.include({ customerName: 'Pat', reason: 'customer-asked' });
    expect((await rep.send('offer:accept', { conversationId: hubConversationId, offerId: offer.offerId })).ok).to.equal(true);

    const accepted = await partner.next(status('accepted', hubConversationId), 'handoff.status accepted');
    expect(accepted.channelData.rep).to.deep.equal({ id: rita.accountId, name: 'Rita' });
    // Addressed to the bot's own conversation, as EventFactory's relatesTo named it, with the bot's secret.
    expect(accepted.conversation.id).to.equal('partner-conv-1');
    expect(accepted.relatesTo).to.deep.include({ channelId: 'partner-chat', serviceUrl: 'https://partner.example/api' });
    expect(partner.received.every((r) => r.authorization === `Bearer ${PARTNER_SECRET}`)).to.equal(true);

    // The rep reads the bot part of the conversation, the customer's and the bot's lines told apart.
    const joined = await rep.send<{ messages: { from: { kind: string }; text: string }[] }>('conversation:join', { conversationId: hubConversationId, afterSeq: 0 });
    if (!joined.ok) expect.fail(joined.error.message);
    expect(joined.messages.map((m) => `${m.from.kind}: ${m.text}`)).to.include.members([
      'customer: my return was refused',
      'bot: Sorry to hear that. Returns are accepted within 30 days.',
      'customer: I want a person',
    ]);

    // Customer → rep: a Bot Framework message activity, posted twice (a retry), shown once.
    const message = { type: 'message', id: 'partner-act-10', text: 'It was a blue jumper', timestamp: new Date().toISOString(), from: { id: 'pat-1' } };
    expect((await customerSays(PARTNER_SECRET, hubConversationId, message)).status).to.equal(200);
    expect((await customerSays(PARTNER_SECRET, hubConversationId, message)).status).to.equal(200);
    const relayed = await rep.message((m) => m.text === 'It was a blue jumper', 'the customer message at the rep');
    expect(relayed.from.kind).to.equal('customer');
    await quietPeriod(200);
    expect(rep.messages.filter((m) => m.text === 'It was a blue jumper')).to.have.length(1);

    // Rep → customer, as from a person, with the hub's id to drop repeats by.
    expect((await rep.send('message:send', { conversationId: hubConversationId, clientId: 'r1', text: 'Let me look at that return.' })).ok).to.equal(true);
    const reply = await partner.next((a) => a.type === 'message' && a.text === 'Let me look at that return.', 'the rep message at the bot');
    expect(reply.channelData.sender).to.deep.equal({ kind: 'rep', id: rita.accountId, name: 'Rita' });
    expect(reply.channelData.clientActivityID).to.be.a('string').and.equal(reply.id);
    expect(reply.conversation.id).to.equal('partner-conv-1');

    expect((await rep.send('close', { conversationId: hubConversationId })).ok).to.equal(true);
    const completed = await partner.next(status('completed', hubConversationId), 'handoff.status completed');
    expect(completed.channelData.outcome).to.be.a('string');
    // The hub no longer has the customer: the bot answers them again.
    const late = await customerSays(PARTNER_SECRET, hubConversationId, { id: 'partner-act-11', text: 'hello?' });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('HandoffEnded');
  });

  it('keeps each bot to its own conversations, even when two bots use the same conversation id', async () => {
    const [mine, theirs] = await Promise.all([handOver(PARTNER_SECRET, initiation('shared-id')), handOver(OTHER_SECRET, initiation('shared-id'))]);
    expect([mine.status, theirs.status]).to.deep.equal([202, 202]);
    expect(mine.body.hubConversationId).to.not.equal(theirs.body.hubConversationId);
    // Nobody is online: each bot hears of its own conversation only, and may offer the customer the way out.
    const notice = await partner.next((a) => a.name === 'handoff.queue' && a.channelData.hubConversationId === mine.body.hubConversationId, 'the queue notice');
    expect(notice.value).to.include({ unavailable: 'no-rep-online', first: true });
    await other.next((a) => a.name === 'handoff.queue' && a.channelData.hubConversationId === theirs.body.hubConversationId, "the other bot's queue notice");
    expect(other.activities((a) => JSON.stringify(a).includes(mine.body.hubConversationId))).to.deep.equal([]);

    const intruding = await customerSays(OTHER_SECRET, mine.body.hubConversationId, { id: 'x1', text: 'let me in' });
    expect(intruding.status).to.equal(404);

    const back = await call(t.url, `/api/hub/conversations/${mine.body.hubConversationId}/choice`, { body: { choice: 'return-to-bot' }, headers: bearer(PARTNER_SECRET) });
    expect(back.status, JSON.stringify(back.body)).to.equal(200);
    // The bot asked for it, so the answer is the news (no handoff.status follows): the customer is the bot's again.
    expect((await customerSays(PARTNER_SECRET, mine.body.hubConversationId, { id: 'p2', text: 'ok then' })).status).to.equal(409);
  });

  it('retries a post the bot refused, with the same id, until it takes it', async () => {
    other.refuse = 1;
    const handed = await handOver(OTHER_SECRET, initiation('retry-conv'));
    expect(handed.status).to.equal(202);
    const ofIt = (a: Posted) => a.channelData?.hubConversationId === handed.body.hubConversationId;
    await waitFor(() => other.received.filter((r) => ofIt(r.activity)).length >= 2 && true, 'a second try', 15_000);
    const tries = other.received.filter((r) => ofIt(r.activity));
    expect(tries.map((r) => r.answered)).to.deep.equal([503, 200]);
    expect(tries[1]!.activity.id).to.equal(tries[0]!.activity.id);
  });

  describe('bad input', () => {
    it('answers 401 to a missing or unknown secret, and takes nothing', async () => {
      const before = partner.received.length;
      const wrong = await handOver('not-the-secret-0123456789abcdef0123456789', initiation('intruder-conv'));
      expect(wrong.status).to.equal(401);
      expect(wrong.body.error.code).to.equal('Unauthorized');
      expect((await call(t.url, '/api/hub/handoff', { body: initiation('intruder-conv') })).status).to.equal(401);
      await quietPeriod(300);
      expect(partner.received.length).to.equal(before);
    });

    it('refuses an invalid context with 400 naming the field, and posts handoff.status failed to the bot', async () => {
      const refused = await handOver(PARTNER_SECRET, initiation('bad-conv', handoffContext('bad-conv', { id: '' })));
      expect(refused.status).to.equal(400);
      expect(refused.body.error.code).to.equal('InvalidHandoff');
      expect(refused.body.error.message).to.match(/handoff context: customer\.id/);
      const failed = await partner.next((a) => status('failed')(a) && a.conversation?.id === 'bad-conv', 'handoff.status failed');
      expect(failed.value.message).to.equal(refused.body.error.message);
    });

    it('answers 400 naming the field for a body that is no activity, and 413 for one too large', async () => {
      const noConversation = await handOver(PARTNER_SECRET, { type: 'event', name: 'handoff.initiate', channelId: 'x' });
      expect(noConversation.status).to.equal(400);
      expect(noConversation.body.error.message).to.match(/^body\.conversation/);
      const huge = initiation('huge-conv');
      huge.attachments!.push({ contentType: 'text/plain', content: 'x'.repeat(1_500_000) });
      expect((await handOver(PARTNER_SECRET, huge)).status).to.equal(413);
    });

    it('answers 404 for an unknown conversation and 400 for a message without an id', async () => {
      const unknown = await customerSays(PARTNER_SECRET, '00000000-0000-4000-8000-000000000000', { id: 'm1', text: 'hi' });
      expect(unknown.status).to.equal(404);
      const handed = await handOver(PARTNER_SECRET, initiation('no-id-conv'));
      const noId = await customerSays(PARTNER_SECRET, handed.body.hubConversationId, { text: 'hi' });
      expect(noId.status).to.equal(400);
      expect(noId.body.error.message).to.match(/^body\.id/);
    });
  });
});

describe('parseExternalBots', () => {
  const entry = { id: 'partner', callbackUrl: 'https://partner.example/api/hub-events', secret: 'a'.repeat(32) };
  const fails = (value: unknown) => {
    try {
      parseExternalBots(typeof value === 'string' ? value : JSON.stringify(value));
    } catch (error) {
      expect(error).to.be.instanceOf(ExternalBotsError);
      return (error as Error).message;
    }
    return expect.fail('expected an error');
  };

  it('reads a JSON array of bots; unset or blank is none', () => {
    expect(parseExternalBots(JSON.stringify([entry]))).to.deep.equal([entry]);
    expect(parseExternalBots(undefined)).to.deep.equal([]);
    expect(parseExternalBots('  ')).to.deep.equal([]);
  });

  it('names the variable and the entry, and never repeats a secret', () => {
    expect(fails([entry, { ...entry, id: 'second', secret: 'short-secret' }])).to.equal('HUB_EXTERNAL_BOTS[1].secret: at least 32 characters');
    expect(fails([{ ...entry, callbackUrl: 'ftp://x' }])).to.equal('HUB_EXTERNAL_BOTS[0].callbackUrl: an http:// or https:// URL');
    expect(fails([entry, { ...entry, secret: 'b'.repeat(32) }])).to.match(/^HUB_EXTERNAL_BOTS\[1\]: the id "partner" is already used by entry \[0\]/);
    expect(fails([entry, { ...entry, id: 'twin' }])).to.match(/^HUB_EXTERNAL_BOTS\[1\]: the secret is already used/);
    const broken = fails(`[{"id":"p","secret":"${'s'.repeat(40)}"`);
    expect(broken).to.match(/^HUB_EXTERNAL_BOTS: not valid JSON/);
    expect(broken).to.not.include('sss');
  });
});
