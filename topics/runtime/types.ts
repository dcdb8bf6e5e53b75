import type { Value } from '../expressions/evaluate.ts';

/**
 * The topic runtime's protocol with its host (the bot): what goes in each turn, the commands that come out, and
 * the state kept between turns. Plain data throughout, so the state persists as JSON and the runtime stays pure.
 */

import type { KnowledgeAnswer } from '../../knowledge/index.ts';
import type { EscalationReason } from '../schema.ts';

export { ESCALATION_REASONS, type EscalationReason } from '../schema.ts';

/** What the NLU made of a message, in the runtime's own terms (the runtime does not import the bot's NLU). */
export interface MessageUnderstanding {
  readonly intent: {
    readonly top: { readonly intent: string; readonly confidence: number } | null;
    readonly ranking: readonly { readonly intent: string; readonly confidence: number }[];
    readonly ambiguous: boolean;
  };
  readonly sentiment: { readonly label: string; readonly score: number; readonly trend: number; readonly frustrated: boolean };
  readonly entities: readonly { readonly type: string; readonly text: string; readonly value: unknown }[];
}

export type RuntimeInput =
  | { readonly kind: 'conversation-start' }
  | { readonly kind: 'message'; readonly text: string; readonly understanding: MessageUnderstanding }
  | { readonly kind: 'effect-result'; readonly result: EffectResult }
  /** A person finished with the conversation: the bot takes over again (resolved: the closing survey). */
  | { readonly kind: 'handoff-ended'; readonly outcome: 'resolved' | 'handed-back' };

/** Work with side effects the host does and reports back with an `effect-result` input. */
export type Effect =
  | { readonly kind: 'action'; readonly name: string; readonly inputs: Readonly<Record<string, string>> }
  | { readonly kind: 'knowledge'; readonly query: string; readonly product?: string; readonly version?: string };

export type { KnowledgeAnswer } from '../../knowledge/index.ts';

export type EffectResult =
  | { readonly kind: 'action'; readonly ok: true; readonly output: Value }
  | { readonly kind: 'action'; readonly ok: false; readonly error: string }
  | {
      readonly kind: 'knowledge';
      readonly answer: KnowledgeAnswer | null;
      /** The answer depends on the product version: the runtime asks which one, then searches again. */
      readonly askVersion?: { readonly product: string; readonly versions: readonly string[] };
    };

export interface HandoffRequest {
  readonly reason: EscalationReason;
  /** The topic that transferred, and the one before it when it was a redirect (e.g. Fallback → Escalate). */
  readonly topic: string;
  readonly topics: readonly string[];
  readonly agentMessage?: string;
  readonly queue?: string;
  readonly skills?: readonly string[];
  /** Topic and conversation variables at the time of the transfer. */
  readonly variables: Readonly<Record<string, Value>>;
}

export type Command =
  | {
      readonly kind: 'say';
      readonly text: string;
      readonly suggestions?: readonly string[];
      /** Set on a knowledge answer: what it quoted (the customer can rate it). */
      readonly answered?: NonNullable<KnowledgeAnswer['source']>;
    }
  /** Say, then wait for the customer's answer. */
  | { readonly kind: 'ask'; readonly text: string; readonly suggestions?: readonly string[] }
  /** Do this and call the runtime again with the result; always the last command of a run. */
  | { readonly kind: 'effect'; readonly effect: Effect }
  | { readonly kind: 'handoff'; readonly request: HandoffRequest }
  | { readonly kind: 'end-conversation' }
  /** For logs and analytics: a topic started or ended, a question was re-asked, the runtime recovered. */
  | { readonly kind: 'trace'; readonly event: TraceEvent; readonly topic: string; readonly detail?: string };

export type TraceEvent = 'topic-started' | 'topic-ended' | 'reprompt' | 'interrupted' | 'resumed' | 'node-missing' | 'error';

/** One running topic. */
export interface Frame {
  readonly topic: string;
  /** The node to run next (or the one waiting for input): its id, `#<index>` when unnamed, or `end`. */
  node: string;
  /** Hash of that node's definition when it started waiting, to notice when a maker edited it. */
  fingerprint?: string;
  vars: Record<string, Value>;
  waiting?:
    | { readonly kind: 'question'; retries: number }
    | { readonly kind: 'effect' }
    /** A knowledge answer depends on the version: which one the customer has. */
    | { readonly kind: 'version'; readonly query: string; readonly versions: readonly string[] };
  /** Started by this turn's message (a question may take its answer from that message). */
  fresh?: boolean;
  /** What the last knowledge or action node found (escalation reasons read it). */
  outcome?: 'no-answer' | 'action-failed';
}

export interface RuntimeState {
  /** Running topics, innermost (the one redirected to) last. */
  stack: Frame[];
  /** Topics an interruption put aside, offered back when it ends. */
  suspended?: Frame[];
  /** True while the "shall we go back to …?" question is open. */
  resumeOffered?: boolean;
  global: Record<string, Value>;
  user: Record<string, Value>;
  /** Customer turns in a row that matched no topic (Fallback reads it as System.unrecognisedCount). */
  unrecognised: number;
  escalation?: EscalationReason;
  /** The message being handled, kept so a turn that waits on an effect still sees it. */
  last?: { readonly text: string; readonly understanding: MessageUnderstanding };
  error?: string;
  /** Display names of the topics a message matched equally well (Multiple Topics Matched reads them). */
  candidates?: string[];
}

export function initialState(): RuntimeState {
  return { stack: [], global: {}, user: {}, unrecognised: 0 };
}

export interface RuntimeSettings {
  /** Nodes one turn may run before the runtime gives up (a loop in the topics), going to On Error. */
  readonly stepBudget: number;
  /** Messages one turn may send; a topic saying more is looping (On Error runs instead). */
  readonly maxMessages: number;
  /** How many topics may be redirected into at once. */
  readonly maxDepth: number;
  /** Confidence an utterance needs to interrupt a pending question with another topic. */
  readonly interruptConfidence: number;
  readonly texts: {
    readonly resumeOffer: string;
    readonly resumeDeclined: string;
    readonly whichVersion: string;
    readonly yes: string;
    readonly no: string;
    readonly topicChanged: string;
    readonly transferring: string;
  };
}

export const DEFAULT_RUNTIME_SETTINGS: RuntimeSettings = {
  stepBudget: 200,
  maxMessages: 20,
  maxDepth: 10,
  interruptConfidence: 0.6,
  texts: {
    resumeOffer: 'Shall we go back to **{topic}**?',
    resumeDeclined: 'OK. What else can I help with?',
    whichVersion: 'Which version of **{product}** do you have?',
    yes: 'Yes',
    no: 'No',
    topicChanged: 'Sorry, that part of our conversation has just been changed, so I have to stop it here. How else can I help?',
    transferring: 'Connecting you to a person…',
  },
};

export interface RuntimeEnv {
  readonly now: Date;
  readonly conversationId: string;
  readonly botName: string;
  readonly settings?: RuntimeSettings;
}

export interface TurnResult {
  readonly state: RuntimeState;
  readonly commands: readonly Command[];
}
