/**
 * Who may do what in the hub, as one pure function over data: the socket server calls it on every event and the
 * REST routes on every request, with the conversation's current owner read from SQL just before. Nothing here does
 * I/O, so the whole table is tested directly.
 */

export const ROLES = ['rep', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A signed-in account, as the session check found it (role and names read from SQL, not trusted from the token). */
export interface Principal {
  readonly accountId: string;
  readonly sessionId: string;
  readonly role: Role;
  readonly email: string;
  readonly displayName: string;
}

/** What the policy needs to know about a conversation: who it is offered to, who owns it, where it waits. */
export interface ConversationRef {
  readonly assignedRepId: string | null | undefined;
  readonly offeredRepId: string | null | undefined;
  /** Not used yet: supervisors see every queue. Kept so queue-scoped supervisors need no signature change. */
  readonly queueId?: string | null | undefined;
}

/** Actions on one conversation: they need a `ConversationRef`. */
export const CONVERSATION_ACTIONS = [
  'conversation.view', // transcript, context panel, live messages
  'conversation.accept',
  'conversation.decline',
  'conversation.send', // chat message, typing, internal note
  'conversation.transfer',
  'conversation.handBack',
  'conversation.wrapUp',
  'conversation.close',
  'conversation.monitor', // read-only join of someone else's live chat
  'conversation.reassign', // move it to another rep without that rep's consent
] as const;
/** Actions on the hub as a whole. */
export const HUB_ACTIONS = ['queue.view', 'queue.pick', 'reps.view', 'accounts.manage'] as const;

export type ConversationAction = (typeof CONVERSATION_ACTIONS)[number];
export type HubAction = (typeof HUB_ACTIONS)[number];
export type Action = ConversationAction | HubAction;

type Actor = Pick<Principal, 'accountId' | 'role'>;

/**
 * The rules: a rep reaches only conversations offered or assigned to them; a supervisor sees and steers all of them
 * (monitor, reassign, transfer, pick from the queue) but speaks only in conversations they own; an admin manages
 * accounts and may do everything a supervisor may (an admin could make themselves a supervisor anyway, so keeping
 * those apart would add clicks, not safety).
 */
export function can(actor: Actor, action: ConversationAction, conversation: ConversationRef): boolean;
export function can(actor: Actor, action: HubAction): boolean;
export function can(actor: Actor, action: Action, conversation?: ConversationRef): boolean {
  const oversees = actor.role === 'supervisor' || actor.role === 'admin';
  switch (action) {
    case 'accounts.manage':
      return actor.role === 'admin';
    case 'queue.view':
    case 'queue.pick':
    case 'reps.view':
      return oversees;
  }
  if (!conversation) return false;
  const me = actor.accountId;
  const owns = conversation.assignedRepId === me;
  const offeredToMe = conversation.offeredRepId === me && !conversation.assignedRepId;
  switch (action) {
    case 'conversation.view':
      return owns || offeredToMe || oversees;
    case 'conversation.accept':
      // An overseer may pick an unassigned conversation from the queue even when it is offered to someone else.
      return offeredToMe || (oversees && !conversation.assignedRepId);
    case 'conversation.decline':
      return offeredToMe;
    case 'conversation.send':
    case 'conversation.handBack':
    case 'conversation.wrapUp':
    case 'conversation.close':
      return owns;
    case 'conversation.transfer':
      return owns || oversees;
    case 'conversation.monitor':
    case 'conversation.reassign':
      return oversees;
  }
}
