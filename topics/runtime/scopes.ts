import type { Scopes, Value } from '../expressions/evaluate.ts';
import { parseExpression, type Expr } from '../expressions/parse.ts';
import { parseTemplate, type Template } from '../expressions/template.ts';
import type { TopicLibrary } from '../topic.ts';
import type { Frame, RuntimeEnv, RuntimeState } from './types.ts';

/** The variables a node sees: its topic's, the conversation's, the customer's profile and the system's. */
export function scopesFor(frame: Frame | undefined, state: RuntimeState, env: RuntimeEnv, library: TopicLibrary): Scopes {
  const understanding = state.last?.understanding;
  const entities: Record<string, Value> = {};
  // The NLU lists entities in text order (earliest first), so the latest mention of a type wins.
  for (const e of understanding?.entities ?? []) entities[e.type] = e.value as Value;
  const suspended = state.suspended?.[0];
  return {
    Topic: frame?.vars ?? {},
    Global: state.global,
    User: state.user,
    System: {
      botName: env.botName,
      conversationId: env.conversationId,
      now: env.now.toISOString(),
      lastMessage: state.last?.text ?? null,
      intent: understanding?.intent.top?.intent ?? null,
      confidence: understanding?.intent.top?.confidence ?? 0,
      sentiment: understanding?.sentiment.label ?? 'neutral',
      sentimentScore: understanding?.sentiment.score ?? 0,
      sentimentTrend: understanding?.sentiment.trend ?? 0,
      frustrated: understanding?.sentiment.frustrated ?? false,
      entities,
      unrecognisedCount: state.unrecognised,
      candidates: state.candidates ?? [],
      suspendedTopic: suspended ? (library.get(suspended.topic)?.name ?? suspended.topic) : null,
      error: state.error ?? null,
    },
  };
}

/** Writes a question's answer, a `set` value or an action's output to `Topic.x`, `Global.x` or `User.x`. */
export function assign(variable: string, value: Value, frame: Frame, state: RuntimeState): void {
  const [scope, name] = variable.split('.') as [string, string];
  // The schema only admits names that start with a letter, so `name` is never `__proto__` or the like.
  const target = scope === 'Topic' ? frame.vars : scope === 'Global' ? state.global : state.user;
  target[name] = value;
}

export function read(variable: string, frame: Frame, state: RuntimeState): Value {
  const [scope, name] = variable.split('.') as [string, string];
  const source = scope === 'Topic' ? frame.vars : scope === 'Global' ? state.global : state.user;
  return Object.hasOwn(source, name) ? (source[name] ?? null) : null;
}

/**
 * Parsed expressions and templates by source text. Topic files are validated (and so parsed) when loaded; this
 * keeps the runtime from parsing the same text on every turn. Bounded: edited topics leave stale entries behind.
 */
const parsed = new Map<string, Expr | Template>();
const MAX_CACHED = 5000;

export function expressionOf(source: string): Expr {
  return cached(`e:${source}`, () => parseExpression(source)) as Expr;
}

export function templateOf(source: string): Template {
  return cached(`t:${source}`, () => parseTemplate(source)) as Template;
}

function cached(key: string, parse: () => Expr | Template): Expr | Template {
  let value = parsed.get(key);
  if (!value) {
    if (parsed.size >= MAX_CACHED) parsed.clear();
    value = parse();
    parsed.set(key, value);
  }
  return value;
}
