import { type Activity, ActivityTypes, EndOfConversationCodes, EventFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { Logger } from '../../core/logger.ts';
import type { KnowledgeAnswerer } from '../../knowledge/index.ts';
import {
  type ActionRegistry,
  type Command,
  type Effect,
  type EffectResult,
  type HandoffRequest,
  initialState,
  type MessageUnderstanding,
  type RuntimeInput,
  type RuntimeSettings,
  type RuntimeState,
  runTurn,
  type TopicLibrary,
  type TraceEvent,
} from '../../topics/index.ts';
import { handoffContext } from '../handoff/context.ts';
import { HandoffRefused, type HubGateway } from '../handoff/gateway.ts';
import type { Step } from './compose.ts';
import type { AnswerSource, ConversationMemory, Turn } from './turn.ts';

/** Knowledge answers a conversation remembers for feedback (the latest ones; older answers are rarely rated). */
const MAX_REMEMBERED_ANSWERS = 20;

/** Topics a conversation remembers starting, and activities a handoff's transcript carries. */
const MAX_TOPIC_HISTORY = 20;
const MAX_TRANSCRIPT = 200;

/** Effects one turn may wait on (a topic calling action after action); beyond this the turn stops. */
const MAX_EFFECTS_PER_TURN = 10;

export interface TopicHostOptions {
  /** The topics in service now (hot reload swaps it between turns). */
  readonly library: () => TopicLibrary;
  readonly actions: ActionRegistry;
  /** Unset until a knowledge base is configured: knowledge nodes then find no answer and fall through. */
  readonly knowledge?: KnowledgeAnswerer;
  readonly settings: RuntimeSettings;
  readonly botName: string;
  readonly log: Logger;
  readonly onTrace?: (event: TraceEvent, topic: string) => void;
  /** The engagement hub; unset, a Transfer only sends the handoff.initiate event to the channel. */
  readonly hub?: HubGateway;
  /** The conversation's transcript, carried to the rep with a handoff. */
  readonly transcripts?: { recent(channelId: string, conversationId: string, limit: number): Promise<Activity[]> };
}

/**
 * The bot end of the topic runtime: feeds it the turn, carries out its commands (messages, effects, handoff,
 * end of conversation) and keeps its state in the conversation's memory.
 */
export class TopicHost {
  constructor(private readonly o: TopicHostOptions) {}

  /** The pipeline step for customer messages (after `understand`). */
  step(): Step<Turn> {
    return async (turn) => {
      const u = turn.understanding;
      if (!u) return;
      const understanding: MessageUnderstanding = {
        intent: u.intent,
        sentiment: {
          label: u.sentiment.label,
          score: u.sentiment.score,
          trend: turn.memory.sentiment?.trend ?? u.sentiment.score,
          frustrated: frustrated(turn.memory),
        },
        entities: u.entities,
      };
      await this.run(turn.context, turn.memory, { kind: 'message', text: turn.text, understanding }, turn.now);
    };
  }

  /** A customer opened the chat: the Conversation Start topic. */
  conversationStart(context: TurnContext, memory: ConversationMemory, now: Date): Promise<void> {
    return this.run(context, memory, { kind: 'conversation-start' }, now);
  }

  private async run(context: TurnContext, memory: ConversationMemory, input: RuntimeInput, now: Date): Promise<void> {
    const env = { now, conversationId: context.activity.conversation.id, botName: this.o.botName, settings: this.o.settings };
    let state: RuntimeState = withProfile(memory.topics ?? initialState(), context);
    let next: RuntimeInput | undefined = input;
    for (let effects = 0; next; effects++) {
      const { state: after, commands } = runTurn(this.o.library(), state, next, env);
      state = after;
      // Memory follows every step, so the turn's end saves where the runtime got to, even after a failed effect.
      memory.topics = state;
      const effect = await this.carryOut(context, commands, memory);
      next = undefined;
      if (effect && effects < MAX_EFFECTS_PER_TURN) next = { kind: 'effect-result', result: await this.perform(effect) };
      else if (effect) this.o.log.warn({ effect: effect.kind }, 'too many effects in one turn; stopping the turn');
    }
  }

  /** Sends the messages in one batch and handles the rest; returns the effect to perform, if any. */
  private async carryOut(context: TurnContext, commands: readonly Command[], memory: ConversationMemory): Promise<Effect | undefined> {
    const activities: Partial<Activity>[] = [];
    const answered = new Map<number, AnswerSource>();
    let effect: Effect | undefined;
    for (const command of commands) {
      switch (command.kind) {
        case 'say':
        case 'ask':
          if (command.kind === 'say' && command.answered) answered.set(activities.length, command.answered);
          activities.push(message(command.text, command.suggestions, command.kind === 'ask', command.kind === 'say' ? command.answered : undefined));
          break;
        case 'handoff': {
          const event = await this.handoffInitiation(context, command.request, memory);
          activities.push(event);
          this.o.log.info({ reason: command.request.reason, topic: command.request.topic, queue: command.request.queue }, 'handoff requested');
          const refused = await this.handOver(context, event, memory);
          // On record for the channel and analytics (Bot Framework's handoff.status), then in words for the customer.
          if (refused) activities.push(EventFactory.createHandoffStatus(context.activity.conversation, 'failed', refused.reason), message(refused.text, undefined, false));
          break;
        }
        case 'end-conversation':
          activities.push({ type: ActivityTypes.EndOfConversation, code: EndOfConversationCodes.CompletedSuccessfully });
          break;
        case 'effect':
          effect = command.effect;
          break;
        case 'trace':
          this.o.log.debug({ event: command.event, topic: command.topic, detail: command.detail }, 'topic event');
          this.o.onTrace?.(command.event, command.topic);
          if (command.event === 'topic-started') memory.topicHistory = [...(memory.topicHistory ?? []), command.topic].slice(-MAX_TOPIC_HISTORY);
          break;
      }
    }
    if (activities.length === 0) return effect;
    const sent = await context.sendActivities(activities);
    // Remember which activities were knowledge answers: the customer's thumbs on one is stored against its article.
    for (const [at, source] of answered) {
      const activityId = sent[at]?.id;
      if (activityId) memory.answers = [{ activityId, ...source }, ...(memory.answers ?? [])].slice(0, MAX_REMEMBERED_ANSWERS);
    }
    return effect;
  }

  /**
   * The standard Bot Framework handoff event (EventFactory): the context the hub routes and the rep reads, and the
   * conversation's transcript as its attachment.
   */
  private async handoffInitiation(context: TurnContext, request: HandoffRequest, memory: ConversationMemory): Promise<Partial<Activity>> {
    const { channelId, conversation } = context.activity;
    const logged = (await this.o.transcripts?.recent(channelId, conversation.id, MAX_TRANSCRIPT)) ?? [];
    // The transcript logger writes this turn's activities after the turn: the message that led here is added now.
    const current = context.activity;
    const transcript = logged.some((a) => a.id !== undefined && a.id === current.id) ? logged : [...logged, current];
    const library = this.o.library();
    const value = handoffContext({ request, memory, turn: context, botName: this.o.botName, transcript, topicName: (id) => library.get(id)?.name ?? id });
    return EventFactory.createHandoffInitiation(context, value, { activities: transcript });
  }

  /** Gives the conversation to the hub; returns why not and what to tell the customer when the hub will not take it. */
  private async handOver(context: TurnContext, event: Partial<Activity>, memory: ConversationMemory): Promise<{ reason: string; text: string } | undefined> {
    if (!this.o.hub) return undefined;
    try {
      const { hubConversationId } = await this.o.hub.initiate(event, TurnContext.getConversationReference(context.activity));
      memory.handoff = { hubConversationId, state: 'queued', since: new Date().toISOString() };
      return undefined;
    } catch (error) {
      this.o.log.warn({ err: error }, 'the hub did not take the handoff');
      return error instanceof HandoffRefused
        ? { reason: error.message, text: "Sorry, I can't connect you to a person right now. I'm still here: tell me what you need, or try again in a moment." }
        : { reason: 'the hub did not answer', text: 'Sorry, something went wrong while connecting you to a person. Please try again in a moment.' };
    }
  }

  /** A person finished with the conversation: the topics take over again (the survey when it was resolved). */
  resume(context: TurnContext, memory: ConversationMemory, outcome: 'resolved' | 'handed-back', now: Date): Promise<void> {
    return this.run(context, memory, { kind: 'handoff-ended', outcome }, now);
  }

  private async perform(effect: Effect): Promise<EffectResult> {
    if (effect.kind === 'action') {
      const result = await this.o.actions.run(effect.name, effect.inputs);
      if (result.kind === 'action' && !result.ok) this.o.log.warn({ action: effect.name, error: result.error }, 'topic action failed');
      return result;
    }
    if (!this.o.knowledge) return { kind: 'knowledge', answer: null };
    try {
      const context = { audience: 'external' as const, ...(effect.product ? { product: effect.product } : {}), ...(effect.version ? { version: effect.version } : {}) };
      const reply = await this.o.knowledge.answer(effect.query, context);
      if (reply.kind === 'ask-version') return { kind: 'knowledge', answer: null, askVersion: { product: reply.product, versions: reply.versions } };
      return { kind: 'knowledge', answer: reply.kind === 'answer' ? reply.answer : null };
    } catch (error) {
      // No answer rather than a broken turn: the topic's no-answer branch is the honest reply.
      this.o.log.error({ err: error }, 'knowledge search failed');
      return { kind: 'knowledge', answer: null };
    }
  }
}

function message(text: string, suggestions: readonly string[] | undefined, expectingInput: boolean, answered?: AnswerSource): Partial<Activity> {
  const activity = suggestions?.length ? MessageFactory.suggestedActions([...suggestions], text) : MessageFactory.text(text);
  return {
    ...activity,
    textFormat: 'markdown',
    inputHint: expectingInput ? 'expectingInput' : 'acceptingInput',
    // The widget offers thumbs up and down on knowledge answers.
    ...(answered ? { channelData: { knowledgeAnswer: true } } : {}),
  };
}

/** The customer's name as the channel knows it (the widget's token carries one when the site signs customers in). */
function withProfile(state: RuntimeState, context: TurnContext): RuntimeState {
  const { name, id } = context.activity.from ?? {};
  if (!name || name === id || state.user.name) return state;
  return { ...state, user: { ...state.user, name: name.slice(0, 100) } };
}

/**
 * `System.frustrated`: a frustration signal (a repeated request, profanity, a streak of negative messages), or a mood
 * that stayed negative over more than one message. One negative-sounding message alone is not enough: "where is my
 * order" reads as negative to a model that learnt from complaints, yet as an opening it is a plain question.
 */
function frustrated(memory: ConversationMemory): boolean {
  const trend = memory.sentiment;
  if (!trend) return false;
  return (trend.trend < -0.4 && trend.series.length >= 2) || trend.signals.some((s) => s === 'repeated-request' || s === 'profanity' || s === 'negative-streak');
}
