import type { Expr, FunctionName, Scope } from './parse.ts';

/** What variables hold: JSON-like data, so conversation state stores and reloads as it is. */
export type Value = string | number | boolean | null | readonly Value[] | { readonly [key: string]: Value };

export type Scopes = Readonly<Record<Scope, Readonly<Record<string, Value>>>>;

/**
 * Evaluates an expression over plain data. Reading a variable that is not set gives `null` (blank); only own
 * properties of plain objects are read, so no expression reaches a prototype. Never throws: a type mismatch makes
 * a comparison false and arithmetic null.
 */
export function evaluate(expr: Expr, scopes: Scopes): Value {
  switch (expr.k) {
    case 'lit':
      return expr.value;
    case 'var':
      return lookup(scopes[expr.scope], expr.path);
    case 'list':
      return expr.items.map((item) => evaluate(item, scopes));
    case 'not':
      return !truthy(evaluate(expr.e, scopes));
    case 'neg': {
      const v = evaluate(expr.e, scopes);
      return typeof v === 'number' ? -v : null;
    }
    case 'bin':
      return binary(expr, scopes);
    case 'call':
      return call(expr.fn, expr.args.map((a) => evaluate(a, scopes)));
  }
}

export function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return v !== null && v !== false && v !== 0 && v !== '';
}

/** How a value reads inside a message. */
export function display(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  if (Array.isArray(v)) return v.map(display).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function lookup(root: Readonly<Record<string, Value>> | Value | undefined, path: readonly string[]): Value {
  let current: Value | undefined = root as Value | undefined;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, key)) return null;
    current = (current as Record<string, Value>)[key];
  }
  return current ?? null;
}

function binary(expr: Expr & { k: 'bin' }, scopes: Scopes): Value {
  // and/or short-circuit, and give booleans (not the operand), so conditions read plainly.
  if (expr.op === 'and') return truthy(evaluate(expr.a, scopes)) && truthy(evaluate(expr.b, scopes));
  if (expr.op === 'or') return truthy(evaluate(expr.a, scopes)) || truthy(evaluate(expr.b, scopes));
  const a = evaluate(expr.a, scopes);
  const b = evaluate(expr.b, scopes);
  switch (expr.op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(expr.op, a, b);
    case 'in':
      return Array.isArray(b) ? b.some((item) => equal(a, item)) : typeof b === 'string' && typeof a === 'string' && b.includes(a);
    case '+':
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      return typeof a === 'string' || typeof b === 'string' ? display(a) + display(b) : null;
    default:
      return arithmetic(expr.op, a, b);
  }
}

/** Text compares without regard to case or surrounding spaces: makers write "Yes", customers type "yes ". */
function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && a === Number(b);
  if (typeof a === 'string' && typeof b === 'number') return equal(b, a);
  if (a === null || b === null) return (a === null || a === '') && (b === null || b === '');
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function compare(op: '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean {
  const both = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!both) return false;
  const order = a < b ? -1 : a > b ? 1 : 0;
  return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
}

function arithmetic(op: string, a: Value, b: Value): Value {
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  const result = op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b;
  return Number.isFinite(result) ? result : null;
}

function call(fn: FunctionName, args: Value[]): Value {
  const [a = null, b = null] = args;
  switch (fn) {
    case 'isBlank':
      return a === null || (typeof a === 'string' && a.trim() === '') || (Array.isArray(a) && a.length === 0);
    case 'contains':
      if (Array.isArray(a)) return a.some((item) => equal(item, b));
      return typeof a === 'string' && b !== null && a.toLowerCase().includes(display(b).toLowerCase());
    case 'startsWith':
      return typeof a === 'string' && b !== null && a.toLowerCase().startsWith(display(b).toLowerCase());
    case 'lower':
      return a === null ? null : display(a).toLowerCase();
    case 'upper':
      return a === null ? null : display(a).toUpperCase();
    case 'length':
      return Array.isArray(a) ? a.length : typeof a === 'string' ? a.length : 0;
    case 'number': {
      const n = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a) : NaN;
      return Number.isFinite(n) ? n : null;
    }
    case 'text':
      return display(a);
    case 'coalesce':
      return a === null || a === '' ? b : a;
  }
}
