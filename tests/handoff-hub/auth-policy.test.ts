import { expect } from 'chai';
import {
  can,
  CONVERSATION_ACTIONS,
  type ConversationAction,
  type ConversationRef,
  HUB_ACTIONS,
  type HubAction,
  type Role,
} from '../../handoff-hub/auth/index.ts';

const ME = 'acct-me';
const OTHER = 'acct-other';

/** The conversation as each kind of actor relates to it. */
const situations = {
  offeredToMe: { offeredRepId: ME, assignedRepId: null, queueId: 'q' },
  assignedToMe: { offeredRepId: null, assignedRepId: ME, queueId: 'q' },
  offeredToOther: { offeredRepId: OTHER, assignedRepId: null, queueId: 'q' },
  assignedToOther: { offeredRepId: null, assignedRepId: OTHER, queueId: 'q' },
  queued: { offeredRepId: null, assignedRepId: null, queueId: 'q' },
} satisfies Record<string, ConversationRef>;
type Situation = keyof typeof situations;

/**
 * The whole table: for each role and action, the situations in which it is allowed. Every action of every role
 * must appear, so a new action without a decision fails this test.
 */
const everywhere: readonly Situation[] = ['offeredToMe', 'assignedToMe', 'offeredToOther', 'assignedToOther', 'queued'];
const supervisor: Record<ConversationAction, readonly Situation[]> = {
  'conversation.view': everywhere,
  'conversation.accept': ['offeredToMe', 'offeredToOther', 'queued'],
  'conversation.decline': ['offeredToMe'],
  'conversation.send': ['assignedToMe'],
  'conversation.transfer': everywhere,
  'conversation.handBack': ['assignedToMe'],
  'conversation.wrapUp': ['assignedToMe'],
  'conversation.close': ['assignedToMe'],
  'conversation.monitor': everywhere,
  'conversation.reassign': everywhere,
};
const allowed: Record<Role, Record<ConversationAction, readonly Situation[]>> = {
  rep: {
    'conversation.view': ['offeredToMe', 'assignedToMe'],
    'conversation.accept': ['offeredToMe'],
    'conversation.decline': ['offeredToMe'],
    'conversation.send': ['assignedToMe'],
    'conversation.transfer': ['assignedToMe'],
    'conversation.handBack': ['assignedToMe'],
    'conversation.wrapUp': ['assignedToMe'],
    'conversation.close': ['assignedToMe'],
    'conversation.monitor': [],
    'conversation.reassign': [],
  },
  supervisor,
  admin: supervisor, // an admin may do all a supervisor may, and manage accounts
};

const hubAllowed: Record<Role, readonly HubAction[]> = {
  rep: [],
  supervisor: ['queue.view', 'queue.pick', 'reps.view'],
  admin: ['queue.view', 'queue.pick', 'reps.view', 'accounts.manage'],
};

describe('can (hub authorisation policy)', () => {
  for (const role of ['rep', 'supervisor', 'admin'] as const) {
    describe(`a ${role}`, () => {
      const actor = { accountId: ME, role };
      for (const action of CONVERSATION_ACTIONS) {
        const yes = allowed[role][action];
        it(`may ${action} ${yes.length ? `only when ${yes.join(', ')}` : 'never'}`, () => {
          for (const [name, conversation] of Object.entries(situations)) {
            expect(can(actor, action, conversation), `${role} ${action} ${name}`).to.equal(yes.includes(name as Situation));
          }
        });
      }
      it(`has hub-wide rights: ${hubAllowed[role].join(', ') || 'none'}`, () => {
        expect(HUB_ACTIONS.filter((action) => can(actor, action))).to.deep.equal(hubAllowed[role]);
      });
    });
  }

  it('refuses a conversation action when no conversation is given (a missing lookup is not a pass)', () => {
    const check = can as (actor: { accountId: string; role: Role }, action: string) => boolean;
    expect(check({ accountId: ME, role: 'admin' }, 'conversation.view')).to.equal(false);
  });

  it('treats an offer to me as void once someone owns the conversation', () => {
    const stale = { offeredRepId: ME, assignedRepId: OTHER, queueId: 'q' };
    expect(can({ accountId: ME, role: 'rep' }, 'conversation.view', stale)).to.equal(false);
    expect(can({ accountId: ME, role: 'rep' }, 'conversation.accept', stale)).to.equal(false);
  });
});
