import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import { type Activity, history, startConversation, textOf } from '../support/directline-client.ts';
import { exchange, suggestionsOf, texts } from '../support/conversation.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The shipped demo topics end to end: the real NLU, the topic runtime, the order API action and the local
 * Direct Line, with conversation state in storage. Runtime details are covered in tests/topics; this shows
 * that the whole bot behaves for a customer.
 */
describe('Support bot conversation (demo topics)', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  it('welcomes a customer who opens the chat, with suggestions', async () => {
    const c = await startConversation(t.url);
    const welcome = await waitFor(async () => (await history(c)).find((a) => a.from.role === 'bot' && a.type === 'message'), 'the welcome');
    expect(textOf(welcome)).to.match(/I can help with orders/);
    expect(suggestionsOf(welcome)).to.include('Track my order');
  });

  it('looks an order up through the order API, taking the number from the first message', async () => {
    const c = await startConversation(t.url);
    const replies = await exchange(c, 'where is my order NW-10001? I ordered the Stormbreak jacket', (r) => texts(r).some((x) => /anything else/i.test(x)));
    expect(texts(replies).join('\n')).to.match(/NW-10001\*\* has shipped with UPS/);
  });

  it('asks for the order number, re-asks an invalid one and accepts a valid one', async () => {
    const c = await startConversation(t.url);
    expect(texts(await exchange(c, 'track my order', (r) => r.length > 0))).to.satisfy((x: string[]) => x.some((s) => /order number/.test(s)));
    expect(texts(await exchange(c, 'I have no idea', (r) => r.length > 0))[0]).to.match(/doesn't look like an order number/);
    const answer = await exchange(c, 'nw 10004', (r) => texts(r).some((x) => /anything else/i.test(x)));
    expect(texts(answer).join('\n')).to.match(/NW-10004\*\* is delayed with FedEx/);
  });

  it('takes a plain "where is my order" as a question, not as frustration: no apology', async () => {
    const c = await startConversation(t.url);
    const asked = await exchange(c, 'where is my order', (r) => texts(r).some((x) => /order number/.test(x)));
    expect(texts(asked).join('\n')).not.to.match(/sorry/i);
  });

  it('apologises to a frustrated customer, and continues the question across a server restart', async () => {
    const c = await startConversation(t.url);
    const first = await exchange(c, 'THIS IS THE THIRD TIME I ASK!!! Where is my order?', (r) => texts(r).some((x) => /order number/.test(x)));
    expect(texts(first).join('\n')).to.match(/sorry this has been frustrating/i);
    await t.restart();
    const answer = await exchange(c, 'NW-10003', (r) => texts(r).some((x) => /anything else/i.test(x)));
    expect(texts(answer).join('\n')).to.match(/NW-10003\*\* was delivered/);
  });

  it('asks to rephrase what it does not understand, and hands over to a person the second time', async () => {
    const c = await startConversation(t.url);
    const first = await exchange(c, 'what is the meaning of life', (r) => r.length > 0);
    expect(textOf(first[0])).to.match(/didn't understand/);
    expect(suggestionsOf(first[0]!)).to.include('Talk to a person');
    const second = await exchange(c, 'tell me about the weather on mars', (r) => r.some((a) => a.type === 'event'));
    const handoff = second.find((a) => a.type === 'event') as Activity & { name?: string; value?: { reason?: string } };
    expect(handoff.name).to.equal('handoff.initiate');
    expect(handoff.value?.reason).to.equal('fallback-exhausted');
    expect(texts(second).join('\n')).to.match(/connecting you to a person/i);
  });

  it('hands over at once when the customer asks for a person', async () => {
    const c = await startConversation(t.url);
    const replies = await exchange(c, 'I want to speak to a human', (r) => r.some((a) => a.type === 'event'));
    const handoff = replies.find((a) => a.type === 'event') as Activity & { name?: string; value?: { reason?: string } };
    expect(handoff.name).to.equal('handoff.initiate');
    expect(handoff.value?.reason).to.equal('customer-asked');
  });

  it('says goodbye with a rating survey and ends the conversation', async () => {
    const c = await startConversation(t.url);
    const bye = await exchange(c, 'bye', (r) => texts(r).some((x) => /how would you rate/.test(x)));
    expect(suggestionsOf(bye.at(-1)!)).to.deep.equal(['1', '2', '3', '4', '5']);
    await exchange(c, '5', (r) => texts(r).some((x) => /anything you'd like to tell us/.test(x)));
    const end = await exchange(c, 'quick and helpful', (r) => r.some((a) => (a.type as string) === 'endOfConversation'));
    expect(texts(end).join('\n')).to.match(/Thanks for your feedback/);
  });

  it('answers a greeting and thanks in kind', async () => {
    const c = await startConversation(t.url);
    expect(texts(await exchange(c, 'hello', (r) => r.length > 0))[0]).to.match(/Hello!/);
    expect(texts(await exchange(c, 'thanks a lot', (r) => r.length > 0))[0]).to.match(/welcome/i);
  });
});

