import { expect } from 'chai';
import type { EscalationReason } from '../../core/handoff/index.ts';
import type { TestApp } from '../support/app.ts';
import { exchange, suggestionsOf, texts } from '../support/conversation.ts';
import { type Activity, type Conversation, startConversation } from '../support/directline-client.ts';
import { startHubApp } from '../support/hub.ts';
import { waitFor } from '../support/wait.ts';

const handoffEvent = (a: Activity) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate';

/**
 * Every escalation reason code, produced by its real cause through Direct Line, the NLU, the demo topics and the
 * bot, and arriving at the hub with the conversation (the reason the rep reads and analytics count).
 */
describe('Escalation reasons, each from its cause, at the hub', function () {
  this.timeout(120_000);
  let t: TestApp;
  before(async () => {
    // The order system is down (nothing listens on port 9): lookups fail, as they would in an outage.
    t = await startHubApp({ ORDER_API_URL: 'http://127.0.0.1:9/orders' });
  });
  after(() => t.stop());

  /** Says each line in turn (a function picks a reply from the bot's last answer) until the bot hands over. */
  async function converse(lines: readonly (string | ((last: Activity[]) => string))[]): Promise<Conversation> {
    const c = await startConversation(t.url);
    let last: Activity[] = [];
    for (const line of lines) {
      const text = typeof line === 'string' ? line : line(last);
      // Replies come one activity at a time: wait until they stop (the handoff event follows the transfer message).
      let count = -1;
      let settled = 0;
      last = await exchange(c, text, (r) => {
        settled = r.length > 0 && r.length === count ? settled + 1 : 0;
        count = r.length;
        return settled >= 3 || r.some(handoffEvent);
      });
      if (last.some(handoffEvent)) return c;
    }
    expect.fail(`no handoff after ${lines.length} messages; last replies: ${texts(last).join(' | ')}`);
  }

  async function reasonAtHub(c: Conversation): Promise<EscalationReason> {
    const row = await waitFor(
      async () => (await t.app.sql.query<{ context: { reason: EscalationReason } }>('SELECT context FROM hub_conversations WHERE customer_key LIKE $1', [`%/${c.conversationId}`]))[0],
      'the conversation at the hub',
    );
    return row.context.reason;
  }

  const yesOrNo = (last: Activity[]) => (texts(last).some((x) => /Did that answer/.test(x)) ? 'no' : 'yes');

  const cases: [EscalationReason, readonly (string | ((last: Activity[]) => string))[]][] = [
    ['customer-asked', ['talk to a person']],
    ['fallback-exhausted', ['blorp zzkx qwv', 'vrrm plonk zzt']],
    ['question-retries-exhausted', ['where is my order', 'no idea', 'still no idea', 'I really do not know']],
    ['negative-sentiment', ['THIS IS RIDICULOUS!!! third time I ask, you people are useless']],
    ['no-knowledge-answer', ['can I get a refund', yesOrNo, yesOrNo, yesOrNo]],
    ['action-failed', ['where is my order NW-10001']],
    ['topic-transfer', ['billing problem', (last) => suggestionsOf(last.at(-1)!).find((s) => s === 'Something else') ?? 'Something else']],
  ];

  for (const [reason, lines] of cases) {
    it(`${reason}`, async () => {
      expect(await reasonAtHub(await converse(lines))).to.equal(reason);
    });
  }
});
