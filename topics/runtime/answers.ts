import type { Value } from '../expressions/evaluate.ts';
import type { QuestionNode } from '../schema.ts';
import type { MessageUnderstanding } from './types.ts';

/**
 * Turns a customer's reply into a question's typed value, or says it is not an answer. Entities the NLU found
 * (normalised email, E.164 phone, ISO date, amount) are preferred to re-parsing, so "next Friday" is a date and
 * "+44 20 7946 0958" a phone number just as they are everywhere else in the bot.
 */

export type Recognised = { readonly ok: true; readonly value: Value } | { readonly ok: false };

const NO = { ok: false } as const;
const MAX_TEXT_ANSWER = 1000;

const YES = new Set(['yes', 'y', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'correct', 'right', 'please do', 'of course', 'absolutely', 'true']);
const NOPE = new Set(['no', 'n', 'nope', 'nah', 'not really', 'no thanks', 'no thank you', 'false', 'incorrect', 'wrong']);

type Entities = MessageUnderstanding['entities'];

export function recognise(question: QuestionNode, text: string, entities: Entities): Recognised {
  const trimmed = text.trim();
  if (!trimmed) return NO;
  switch (question.type) {
    case 'text':
      return { ok: true, value: trimmed.slice(0, MAX_TEXT_ANSWER) };
    case 'number':
      return number(question, trimmed, entities);
    case 'email':
      return entity(entities, 'email') ?? match(trimmed, /[^\s@<>]+@[^\s@<>]+\.[a-z]{2,}/i, (m) => m.toLowerCase());
    case 'phone':
      return entity(entities, 'phone') ?? NO;
    case 'date':
      return entity(entities, 'date') ?? match(trimmed, /\b\d{4}-\d{2}-\d{2}\b/, (m) => m);
    case 'choice':
      return choice(question.choices ?? [], trimmed);
    case 'boolean':
      return yesNo(trimmed);
    case 'pattern':
      return match(trimmed, new RegExp(question.pattern ?? '(?!)', 'iu'), (m) => m);
  }
}

/**
 * Whether the message that started a topic already answers one of its questions ("where is order NW-12345?").
 * Only for types where a match is specific enough to be the answer rather than part of the request.
 */
export function answeredInPassing(question: QuestionNode, text: string, entities: Entities): Recognised {
  if (question.type === 'text' || question.type === 'boolean' || question.type === 'number') return NO;
  if (question.type === 'choice') {
    const words = normalise(text);
    const found = (question.choices ?? []).filter((c) => ` ${words} `.includes(` ${normalise(c)} `));
    return found.length === 1 ? { ok: true, value: found[0]! } : NO;
  }
  return recognise(question, text, entities);
}

export function yesNo(text: string): Recognised {
  const words = normalise(text);
  if (YES.has(words) || [...YES].some((y) => words.startsWith(`${y} `))) return { ok: true, value: true };
  if (NOPE.has(words) || [...NOPE].some((n) => words.startsWith(`${n} `))) return { ok: true, value: false };
  return NO;
}

function number(question: QuestionNode, text: string, entities: Entities): Recognised {
  const amount = entities.find((e) => e.type === 'amount')?.value as { amount?: unknown } | undefined;
  const parsed = typeof amount?.amount === 'number' ? amount.amount : parseNumber(text);
  if (!Number.isFinite(parsed)) return NO;
  if (question.min !== undefined && parsed < question.min) return NO;
  if (question.max !== undefined && parsed > question.max) return NO;
  return { ok: true, value: parsed };
}

/** The first number in the text: "1,500" and "1 500" are thousands, "2,5" is a decimal comma. */
function parseNumber(text: string): number {
  const m = /-?\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?|-?\d+(?:[.,]\d+)?/.exec(text)?.[0];
  if (!m) return NaN;
  return /[, ]\d{3}(?:\D|$)/.test(m) && !/^-?\d+,\d{1,2}$/.test(m) ? Number(m.replace(/[, ]/g, '')) : Number(m.replace(',', '.'));
}

function choice(choices: readonly string[], text: string): Recognised {
  const said = normalise(text);
  const exact = choices.find((c) => normalise(c) === said);
  if (exact) return { ok: true, value: exact };
  const position = /^\d+$/.test(said) ? Number(said) : NaN;
  if (position >= 1 && position <= choices.length) return { ok: true, value: choices[position - 1]! };
  const contained = choices.filter((c) => ` ${said} `.includes(` ${normalise(c)} `));
  if (contained.length === 1) return { ok: true, value: contained[0]! };
  // "receipt" for "A receipt or invoice": the reply's words inside exactly one choice.
  const within = contained.length === 0 ? choices.filter((c) => ` ${normalise(c)} `.includes(` ${said} `)) : [];
  return within.length === 1 ? { ok: true, value: within[0]! } : NO;
}

function entity(entities: Entities, type: string): Recognised | undefined {
  const found = entities.find((e) => e.type === type);
  return found && isValue(found.value) ? { ok: true, value: found.value } : undefined;
}

function match(text: string, pattern: RegExp, clean: (m: string) => string): Recognised {
  const m = pattern.exec(text);
  return m ? { ok: true, value: clean(m[0]) } : NO;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function isValue(v: unknown): v is Value {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'object' && v !== null);
}
