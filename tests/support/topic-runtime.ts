import { dirname } from 'node:path';
import { pino } from 'pino';
import {
  type Command,
  type Effect,
  type EffectResult,
  type HandoffRequest,
  initialState,
  type KnowledgeAnswer,
  type MessageUnderstanding,
  type RuntimeEnv,
  type RuntimeInput,
  type RuntimeSettings,
  type RuntimeState,
  runTurn,
  SHIPPED_SYSTEM_TOPICS,
  type TopicLibrary,
  TopicStore,
  type TraceEvent,
} from '../../topics/index.ts';
import type { TopicFolders } from './topic-files.ts';

/**
 * Drives the topic runtime the way the bot's TopicHost does, without the bot: hand-made understanding in,
 * effects answered by the test's fakes, commands collected per customer turn. Every state handed to the runtime
 * has been through JSON and is frozen, so each turn also proves the state persists and is never mutated.
 */

export const DEMO_TOPICS = dirname(SHIPPED_SYSTEM_TOPICS);
export const silent = pino({ level: 'silent' });

export function openDemo(): Promise<TopicStore> {
  return TopicStore.open({ dir: DEMO_TOPICS, shippedSystemDir: SHIPPED_SYSTEM_TOPICS, log: silent });
}

/**
 * A library of inline topics (file name → YAML), with the shipped system topics for every role they lack. Refuses
 * topics with errors unless `errors` allows them (a test of what the runtime does with a broken topic).
 */
export async function libraryOf(folders: TopicFolders, files: Record<string, string>, o: { errors?: boolean } = {}): Promise<TopicLibrary> {
  const store = await TopicStore.open({ dir: await folders.write(files), shippedSystemDir: SHIPPED_SYSTEM_TOPICS, log: silent });
  const { errors } = store.status();
  if (errors.length > 0 && !o.errors) throw new Error(`the test's topics have errors:\n${errors.join('\n')}`);
  return store.library;
}

export interface Understood {
  /** The top intent (a topic id); none means the message matched nothing. */
  readonly intent?: string;
  readonly confidence?: number;
  /** Defaults to the top intent alone. */
  readonly ranking?: readonly (readonly [string, number])[];
  readonly ambiguous?: boolean;
  readonly entities?: MessageUnderstanding['entities'];
  readonly sentiment?: Partial<MessageUnderstanding['sentiment']>;
}

export function understanding(u: Understood = {}): MessageUnderstanding {
  const top = u.intent ? { intent: u.intent, confidence: u.confidence ?? 0.9 } : null;
  const ranking = u.ranking ? u.ranking.map(([intent, confidence]) => ({ intent, confidence })) : top ? [top] : [];
  return {
    intent: { top, ranking, ambiguous: u.ambiguous ?? false },
    sentiment: { label: 'neutral', score: 0, trend: 0, frustrated: false, ...u.sentiment },
    entities: u.entities ?? [],
  };
}

export const ENV: RuntimeEnv = { now: new Date('2025-03-01T10:00:00Z'), conversationId: 'conv-1', botName: 'Nora' };

type ActionFake = (inputs: Readonly<Record<string, string>>) => EffectResult;

export interface Fakes {
  /** Answers knowledge effects; unset means "no answer". */
  knowledge?: (query: string) => KnowledgeAnswer | null;
  /** Answers knowledge effects with a whole result (e.g. asking which version); wins over `knowledge`. */
  knowledgeResult?: (query: string, version: string | undefined) => EffectResult;
  /** Answers action effects by action name; an action without a fake leaves the effect pending. */
  actions?: Record<string, ActionFake>;
}

/** What one customer turn produced, effects and their results included. */
export class Turn {
  constructor(readonly commands: readonly Command[]) {}

  /** Texts said or asked, in order. */
  get texts(): string[] {
    return this.commands.flatMap((c) => (c.kind === 'say' || c.kind === 'ask' ? [c.text] : []));
  }

  /** The last question asked, if the turn ends waiting for the customer. */
  get asked(): (Command & { kind: 'ask' }) | undefined {
    const last = this.commands.filter((c) => c.kind !== 'trace').at(-1);
    return last?.kind === 'ask' ? last : undefined;
  }

  get effects(): Effect[] {
    return this.commands.flatMap((c) => (c.kind === 'effect' ? [c.effect] : []));
  }

  get handoff(): HandoffRequest | undefined {
    return this.commands.flatMap((c) => (c.kind === 'handoff' ? [c.request] : []))[0];
  }

  get ended(): boolean {
    return this.commands.some((c) => c.kind === 'end-conversation');
  }

  traces(event?: TraceEvent): { event: TraceEvent; topic: string; detail?: string }[] {
    return this.commands.flatMap((c) => (c.kind === 'trace' && (!event || c.event === event) ? [{ event: c.event, topic: c.topic, ...(c.detail ? { detail: c.detail } : {}) }] : []));
  }

  /** Topics started this turn, in order. */
  get started(): string[] {
    return this.traces('topic-started').map((t) => t.topic);
  }
}

export class Conversation {
  state: RuntimeState = initialState();
  /** States handed to the runtime and what they were, to prove none was changed. */
  readonly #given: { state: RuntimeState; json: string }[] = [];

  constructor(
    public library: TopicLibrary,
    readonly fakes: Fakes = {},
    readonly settings?: RuntimeSettings,
  ) {}

  start(): Turn {
    return this.feed({ kind: 'conversation-start' });
  }

  /** The customer says `text`; effects are answered by the fakes until the runtime waits for the customer. */
  say(text: string, u: Understood = {}): Turn {
    return this.feed({ kind: 'message', text, understanding: understanding(u) });
  }

  /** Reports an effect's result (for an effect the fakes left pending). */
  result(result: EffectResult): Turn {
    return this.feed({ kind: 'effect-result', result });
  }

  /** Every state given to the runtime is still what it was. */
  untouched(): boolean {
    return this.#given.every((g) => JSON.stringify(g.state) === g.json);
  }

  feed(input: RuntimeInput): Turn {
    const commands: Command[] = [];
    let next: RuntimeInput | undefined = input;
    for (let effects = 0; next && effects < 20; effects++) {
      const given = deepFreeze(JSON.parse(JSON.stringify(this.state)) as RuntimeState);
      this.#given.push({ state: given, json: JSON.stringify(given) });
      const result = runTurn(this.library, given, next, this.settings ? { ...ENV, settings: this.settings } : ENV);
      this.state = result.state;
      commands.push(...result.commands);
      const effect = result.commands.at(-1)?.kind === 'effect' ? (result.commands.at(-1) as Command & { kind: 'effect' }).effect : undefined;
      next = effect ? this.#answer(effect) : undefined;
    }
    return new Turn(commands);
  }

  #answer(effect: Effect): RuntimeInput | undefined {
    if (effect.kind === 'knowledge') {
      const result = this.fakes.knowledgeResult?.(effect.query, effect.version) ?? { kind: 'knowledge', answer: this.fakes.knowledge?.(effect.query) ?? null };
      return { kind: 'effect-result', result };
    }
    const fake = this.fakes.actions?.[effect.name];
    return fake ? { kind: 'effect-result', result: fake(effect.inputs) } : undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
