import { expect } from 'chai';
import type { TestApp } from '../support/app.ts';
import { exchange, suggestionsOf, texts } from '../support/conversation.ts';
import { type Activity, activitiesUrl, call, type Conversation, history, startConversation, streamUrl, textOf } from '../support/directline-client.ts';
import { createStaff, RepConsole, type Staff, startHubApp } from '../support/hub.ts';
import { quietPeriod, waitFor } from '../support/wait.ts';
import { WebSocket } from 'ws';

/** Says something without waiting for replies (while a person has the chat, the bot sends none). */
async function say(c: Conversation, text: string): Promise<string> {
  const posted = await call('POST', activitiesUrl(c), { token: c.token, json: { type: 'message', from: { id: 'x' }, text } });
  expect(posted.status, `POST "${text}"`).to.equal(200);
  return posted.body.id as string;
}

async function seen(c: Conversation, predicate: (a: Activity) => boolean, what: string): Promise<Activity> {
  return waitFor(async () => (await history(c)).find(predicate), what, 15_000);
}

const fromBot = (a: Activity) => a.from.role === 'bot';
const handoffEvent = (a: Activity) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate';

/**
 * The live handoff end to end: a customer through the local Direct Line, reps as Socket.io consoles, the real bot,
 * topics, NLU and hub on one server.
 */
describe('Live handoff end to end (Direct Line + Socket.io)', function () {
  this.timeout(120_000);
  let t: TestApp;
  const consoles: RepConsole[] = [];
  const connect = async (staff: { email: string; password: string; accountId: string }) => {
    const rep = await RepConsole.connect(t.url, staff);
    consoles.push(rep);
    return rep;
  };

  before(async () => {
    t = await startHubApp();
  });
  afterEach(async () => {
    // Each test signs its reps out, so the next one starts with nobody online.
    for (const rep of consoles.splice(0)) rep.close();
    await quietPeriod(100);
  });
  after(() => t.stop());

  it('escalates, queues with position, offers, connects the rep, relays both ways with the bot silent, closes and resumes the bot', async () => {
    const ana = await createStaff(t.url, { name: 'Ana' });
    const rep = await connect(ana);
    expect((await rep.send('presence:set', { presence: 'busy' })).ok).to.equal(true);

    const c = await startConversation(t.url);
    await exchange(c, 'I want to speak to a human', (r) => r.some(handoffEvent));
    // Ana is busy: the customer waits and is told where they stand.
    const place = await seen(c, (a) => fromBot(a) && /You're next in the queue for General support/.test(textOf(a)), 'the queue position');
    expect(textOf(place)).to.match(/Estimated wait: about 5 minutes/);

    expect((await rep.send('presence:set', { presence: 'available' })).ok).to.equal(true);
    const offer = await rep.nextOffer();
    expect(offer).to.include({ queueId: 'general', reason: 'customer-asked' });
    expect(offer.summary).to.match(/asked for a person/);

    const accepted = await rep.send<{ conversation: { state: string } }>('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId });
    expect(accepted.ok && accepted.conversation.state).to.equal('active');
    await seen(c, (a) => textOf(a) === 'Ana from our team has joined the chat.', 'the rep joining');
    await seen(c, (a) => a.type === 'event' && (a as { name?: string }).name === 'handoff.status' && (a as { value?: { state?: string } }).value?.state === 'accepted', 'handoff.status accepted');

    // The rep sees the whole bot part of the conversation and the context.
    const joined = await rep.send<{ messages: { from: { kind: string }; text: string }[]; conversation: { context: { reason: string } } }>('conversation:join', { conversationId: offer.conversationId, afterSeq: 0 });
    if (!joined.ok) expect.fail(joined.error.message);
    expect(joined.conversation.context.reason).to.equal('customer-asked');
    expect(joined.messages.map((m) => `${m.from.kind}: ${m.text}`)).to.include.members(['customer: I want to speak to a human']);
    expect(joined.messages.some((m) => m.from.kind === 'bot' && /Hi, I'm \*\*Support Bot\*\*/.test(m.text)), 'the bot part').to.equal(true);

    // Customer → rep, and the bot stays silent.
    const before = (await history(c)).length;
    await say(c, 'my parcel never arrived');
    const relayed = await rep.message((m) => m.text === 'my parcel never arrived', 'the customer message at the rep');
    expect(relayed.from.kind).to.equal('customer');
    await quietPeriod(400);
    expect((await history(c)).length, 'only the customer message was added').to.equal(before + 1);

    // Rep → customer, shown as from a person.
    const sent = await rep.send<{ message: { seq: number } }>('message:send', { conversationId: offer.conversationId, clientId: 'm1', text: "I'm sorry! Let me check that for you." });
    expect(sent.ok).to.equal(true);
    const shown = await seen(c, (a) => textOf(a) === "I'm sorry! Let me check that for you.", 'the rep message at the customer');
    expect((shown as { channelData?: unknown }).channelData).to.deep.include({ sender: { kind: 'rep', id: ana.accountId, name: 'Ana' } });

    // The rep ends the chat: the bot takes over again with its survey, and answers the customer again.
    expect((await rep.send('close', { conversationId: offer.conversationId })).ok).to.equal(true);
    await seen(c, (a) => /how would you rate this conversation/i.test(textOf(a)), 'the survey');
    expect(texts(await exchange(c, '5', (r) => r.length > 0))[0]).to.match(/anything you'd like to tell us/);
    const wrapped = await rep.send<{ conversation: { state: string } }>('wrapup', { conversationId: offer.conversationId, disposition: 'resolved', notes: 'parcel re-sent' });
    expect(wrapped.ok && wrapped.conversation.state).to.equal('closed');

    // Operators see it in the metrics.
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    for (const event of ['escalate', 'offer', 'accept', 'end', 'close']) expect(metrics).to.match(new RegExp(`hub_events_total\\{event="${event}",queue="general"\\} [1-9]`));
    expect(metrics).to.match(/hub_messages_total\{from="customer"\} [1-9]/);
    expect(metrics).to.match(/hub_customer_deliveries_total\{outcome="ok"\} [1-9]/);
  });

  it('re-offers to the next rep after a decline, takes back a lapsed offer, and offers to a rep who signs in', async () => {
    const [bo, cy, dee] = (await Promise.all(['Bo', 'Cy', 'Dee'].map((name) => createStaff(t.url, { name })))) as [Staff, Staff, Staff];
    const [b, cc] = await Promise.all([connect(bo), connect(cy)]);
    const c = await startConversation(t.url);
    await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));

    const first = await waitFor(() => [...b.offers, ...cc.offers][0], 'the first offer');
    const [declines, other] = b.offers.includes(first) ? [b, cc] : [cc, b];
    const declined = await declines.send('offer:decline', { conversationId: first.conversationId, offerId: first.offerId });
    expect(declined.ok).to.equal(true);
    const second = await other.nextOffer(first.conversationId);
    expect(second.offerId).to.not.equal(first.offerId);

    // Nobody answers the second offer: after its 2 s deadline it is taken back, and nobody who turned it down is
    // asked again straight away.
    await waitFor(() => other.withdrawn.find((w) => w.offerId === second.offerId), 'the lapsed offer taken back');
    expect(other.withdrawn.find((w) => w.offerId === second.offerId)!.why).to.equal('expired');
    await quietPeriod(500);
    expect([...b.offers, ...cc.offers]).to.have.length(2);

    // A replayed accept of the lapsed offer is refused.
    const late = await other.send('offer:accept', { conversationId: second.conversationId, offerId: second.offerId });
    expect(late).to.deep.include({ ok: false });
    expect((late as { error: { code: string } }).error.code).to.equal('offer-expired');

    const d = await connect(dee);
    const third = await d.nextOffer(first.conversationId);
    expect((await d.send('offer:accept', { conversationId: third.conversationId, offerId: third.offerId })).ok).to.equal(true);
    await seen(c, (a) => textOf(a) === 'Dee from our team has joined the chat.', 'Dee joining');
  });

  it('transfers to another queue with a note, and to a named rep', async () => {
    const [eli, fay, gus] = await Promise.all([
      createStaff(t.url, { name: 'Eli' }),
      createStaff(t.url, { name: 'Fay', skills: ['billing'] }),
      createStaff(t.url, { name: 'Gus' }),
    ]);
    const e = await connect(eli);
    const c = await startConversation(t.url);
    await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));
    const offer = await e.nextOffer();
    await e.send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId });
    await e.send('presence:set', { presence: 'busy' }); // Eli takes nothing new meanwhile

    const f = await connect(fay);
    await f.send('presence:set', { presence: 'busy' });
    const moved = await e.send<{ conversation: { state: string; queueId: string } }>('transfer', { conversationId: offer.conversationId, to: { queueId: 'billing' }, note: 'double charge on the last invoice' });
    expect(moved.ok && moved.conversation).to.deep.include({ state: 'queued', queueId: 'billing' });
    await seen(c, (a) => fromBot(a) && /in the queue for Billing/.test(textOf(a)), 'the customer told the new place');
    await f.send('presence:set', { presence: 'available' });
    const toFay = await f.nextOffer(offer.conversationId);
    await f.send('offer:accept', { conversationId: toFay.conversationId, offerId: toFay.offerId });
    await seen(c, (a) => textOf(a) === 'Fay from our team has joined the chat.', 'Fay joining');
    const joined = await f.send<{ messages: { text: string; internal: boolean }[] }>('conversation:join', { conversationId: offer.conversationId, afterSeq: 0 });
    if (!joined.ok) expect.fail(joined.error.message);
    expect(joined.messages.find((m) => m.text.includes('double charge on the last invoice'))?.internal, 'the note, for staff only').to.equal(true);
    // Eli no longer has it.
    const sneaky = await e.send('message:send', { conversationId: offer.conversationId, clientId: 'x1', text: 'still here?' });
    expect((sneaky as { error: { code: string } }).error.code).to.equal('forbidden');

    const g = await connect(gus);
    const direct = await f.send('transfer', { conversationId: offer.conversationId, to: { repId: gus.accountId }, note: 'you know this customer' });
    expect(direct.ok).to.equal(true);
    const toGus = await g.nextOffer(offer.conversationId);
    expect((await g.send('offer:accept', { conversationId: toGus.conversationId, offerId: toGus.offerId })).ok).to.equal(true);
    await seen(c, (a) => textOf(a) === 'Gus from our team has joined the chat.', 'Gus joining');
  });

  it("gives a rep's second console (another device, a reload) the status they chose on the first", async () => {
    const ivy = await createStaff(t.url, { name: 'Ivy' });
    const first = await connect(ivy);
    expect(await first.send('presence:get', {})).to.deep.equal({ ok: true, presence: 'available' });
    expect((await first.send('presence:set', { presence: 'away' })).ok).to.equal(true);
    const second = await connect(ivy);
    expect(await second.send('presence:get', {})).to.deep.equal({ ok: true, presence: 'away' });
    expect(await second.send('presence:get', { presence: 'busy' })).to.deep.include({ ok: false });
  });

  it('hands back to the bot when the rep says so: the bot answers again', async () => {
    const hal = await createStaff(t.url, { name: 'Hal' });
    const h = await connect(hal);
    const c = await startConversation(t.url);
    await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));
    const offer = await h.nextOffer();
    await h.send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId });
    const back = await h.send<{ conversation: { state: string } }>('handback', { conversationId: offer.conversationId });
    expect(back.ok && back.conversation.state).to.equal('bot');
    await seen(c, (a) => a.type === 'event' && (a as { name?: string }).name === 'handoff.status' && (a as { value?: { state?: string } }).value?.state === 'completed', 'handoff.status completed');
    const replies = await exchange(c, 'where is my order', (r) => texts(r).some((x) => /order number/i.test(x)));
    expect(texts(replies).join(' ')).to.match(/order number/i);
  });

  it('keeps the rep for a customer who drops and comes back within the window, and wraps up after it with a note', async () => {
    const ivy = await createStaff(t.url, { name: 'Ivy' });
    const rep = await connect(ivy);
    const openStream = async (c: Conversation) => {
      const ws = new WebSocket(streamUrl(c));
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      return ws;
    };

    const c = await startConversation(t.url);
    let ws = await openStream(c);
    await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));
    const offer = await rep.nextOffer();
    await rep.send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId });
    await rep.send('conversation:join', { conversationId: offer.conversationId, afterSeq: 0 });

    // Drops, and is back within the 2 s window: the chat stays with Ivy.
    ws.close();
    await rep.message((m) => /customer disconnected/.test(m.text), 'the disconnect note');
    ws = await openStream(c);
    await rep.message((m) => m.text === 'The customer is back.', 'the reconnect note');
    await quietPeriod(2500);
    const [still] = await t.app.sql.query<{ state: string }>('SELECT state FROM hub_conversations WHERE id = $1', [offer.conversationId]);
    expect(still!.state).to.equal('active');

    // Drops for good: after the window the conversation goes to wrap-up with a system note in the transcript.
    ws.close();
    const note = await rep.message((m) => /did not reconnect within 2 s/.test(m.text), 'the wrap-up note');
    expect(note.from.kind).to.equal('system');
    await waitFor(() => rep.states.find((s) => s.conversationId === offer.conversationId && s.state === 'wrap-up'), 'wrap-up');
  });

  it("gives the console what it lists: the rep's chats, the floor for supervisors, canned responses, knowledge suggestions, delivery and typing", async () => {
    const [jo, kim] = (await Promise.all([createStaff(t.url, { name: 'Jo' }), createStaff(t.url, { name: 'Kim', role: 'supervisor' })])) as [Staff, Staff];
    const rep = await connect(jo);
    const c = await startConversation(t.url);
    await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));
    const offer = await rep.nextOffer();
    const listed = await rep.send<{ conversations: { id: string; offer: { offerId: string } | null; reason: string }[] }>('conversations:mine', {});
    if (!listed.ok) expect.fail(listed.error.message);
    expect(listed.conversations.find((x) => x.id === offer.conversationId)).to.deep.include({ reason: 'customer-asked', offer: { offerId: offer.offerId, deadline: offer.deadline } });
    await rep.send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId });
    await rep.send('conversation:join', { conversationId: offer.conversationId, afterSeq: 0 });

    // The supervisor sees queues, reps with load, and the live conversation; a rep may not.
    const boss = await connect(kim);
    await boss.send('presence:set', { presence: 'busy' });
    const floor = await boss.send<{ queues: { id: string; open: boolean }[]; reps: { id: string; active: number }[]; conversations: { id: string; repName: string }[] }>('overview', {});
    if (!floor.ok) expect.fail(floor.error.message);
    expect(floor.queues.map((q) => q.id)).to.include.members(['general', 'billing']);
    expect(floor.reps.find((r) => r.id === jo.accountId)?.active).to.equal(1);
    expect(floor.conversations.find((x) => x.id === offer.conversationId)?.repName).to.equal('Jo');
    expect(((await rep.send('overview', {})) as { error: { code: string } }).error.code).to.equal('forbidden');
    // A rep still learns where a chat can go: queues and the reps online.
    const directory = await rep.send<{ queues: { id: string }[]; reps: { id: string; presence: string }[] }>('directory', {});
    if (!directory.ok) expect.fail(directory.error.message);
    expect(directory.queues.map((q) => q.id)).to.include('billing');
    expect(directory.reps.find((r) => r.id === kim.accountId)?.presence).to.equal('busy');

    const canned = await rep.send<{ responses: { id: string; text: string }[] }>('canned:list', {});
    expect(canned.ok && canned.responses.find((r) => r.id === 'greeting')?.text).to.match(/\{customer\.name\}/);

    await say(c, 'how long does a refund take');
    await rep.message((m) => m.text === 'how long does a refund take', 'the question');
    const suggested = await rep.send<{ query: string; suggestions: { title: string; text: string; citation: { title: string } }[] }>('knowledge:suggest', { conversationId: offer.conversationId });
    if (!suggested.ok) expect.fail(suggested.error.message);
    expect(suggested.query).to.equal('how long does a refund take');
    expect(suggested.suggestions[0]?.text).to.match(/refund/i);
    expect(suggested.suggestions[0]?.citation.title).to.be.a('string').and.not.equal('');

    // The rep's message is marked delivered once the customer's channel has it; the customer's typing shows.
    const delivered: string[] = [];
    rep.socket.on('delivered', (d: { messageId: string }) => delivered.push(d.messageId));
    const sent = await rep.send<{ message: { id: string } }>('message:send', { conversationId: offer.conversationId, clientId: 'd1', text: '5–10 working days.' });
    if (!sent.ok) expect.fail(sent.error.message);
    await waitFor(() => delivered.includes(sent.message.id) || undefined, 'the delivered mark');
    await call('POST', activitiesUrl(c), { token: c.token, json: { type: 'typing', from: { id: 'x' } } });
    await waitFor(() => rep.typing.includes(offer.conversationId) || undefined, 'the customer typing');
  });
});
