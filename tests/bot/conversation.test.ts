import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import {
  type Activity,
  activitiesUrl,
  call,
  type Conversation,
  history,
  isReplyTo,
  startConversation,
  textOf,
} from '../support/directline-client.ts';
import { waitFor } from '../support/wait.ts';

/** The bot understanding customers (NLU in the turn), end to end through the local Direct Line. */
describe('Support bot conversation', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  async function ask(c: Conversation, text: string): Promise<Activity> {
    const posted = await call('POST', activitiesUrl(c), { token: c.token, json: { type: 'message', from: { id: 'x' }, text } });
    expect(posted.status).to.equal(200);
    return waitFor(async () => (await history(c)).find(isReplyTo(text)), `the answer to "${text}"`);
  }

  it('names the intent it understood and the entities it found', async () => {
    const c = await startConversation(t.url);
    const reply = await ask(c, 'where is my order NW-12345? I ordered the Stormbreak jacket');
    expect(textOf(reply)).to.include('Order status').and.include('NW-12345').and.include('Stormbreak');
  });

  it('says it did not understand an off-topic question instead of guessing, and offers a way on', async () => {
    const c = await startConversation(t.url);
    const reply = await ask(c, 'what is the meaning of life');
    expect(textOf(reply)).to.match(/didn't understand/);
    const actions = (reply as { suggestedActions?: { actions: { title: string }[] } }).suggestedActions?.actions ?? [];
    expect(actions.map((a) => a.title)).to.include('Talk to a person');
  });

  it('acknowledges frustration, and remembers it across a server restart', async () => {
    const c = await startConversation(t.url);
    expect(textOf(await ask(c, 'THIS IS THE THIRD TIME I ASK!!! where is my package'))).to.match(/sorry this has been frustrating/i);
    await t.restart();
    // A calm message: only the stored conversation memory can still know this customer was frustrated.
    expect(textOf(await ask(c, 'where is my order'))).to.match(/sorry this has been frustrating/i);
  });

  it('answers a greeting and thanks in kind', async () => {
    const c = await startConversation(t.url);
    expect(textOf(await ask(c, 'hello'))).to.match(/Hello!/);
    expect(textOf(await ask(c, 'thanks a lot'))).to.match(/welcome/i);
  });
});
