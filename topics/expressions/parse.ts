/**
 * The expression language of conditions, `set` values and `{…}` in texts: literals, variables (`Topic.x`,
 * `Global.x`, `User.name`, `System.sentiment`), comparisons (`==` or `=`, `!=`, `<`, `<=`, `>`, `>=`, `in`),
 * `and`/`or`/`not`, arithmetic, lists and a few named functions. Hand-written rather than a library because the
 * validator needs the variables an expression reads, and evaluation must never reach beyond plain data.
 */

export type Scope = 'Topic' | 'Global' | 'User' | 'System';
export const SCOPES: readonly Scope[] = ['Topic', 'Global', 'User', 'System'];

export type Literal = string | number | boolean | null;

export type Expr =
  | { readonly k: 'lit'; readonly value: Literal }
  | { readonly k: 'var'; readonly scope: Scope; readonly path: readonly string[] }
  | { readonly k: 'list'; readonly items: readonly Expr[] }
  | { readonly k: 'not' | 'neg'; readonly e: Expr }
  | { readonly k: 'bin'; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] };

export type BinaryOp = 'or' | 'and' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+' | '-' | '*' | '/' | '%';

/** Functions and how many arguments each takes. */
export const FUNCTIONS = {
  isBlank: 1,
  contains: 2,
  startsWith: 2,
  lower: 1,
  upper: 1,
  length: 1,
  number: 1,
  text: 1,
  coalesce: 2,
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

export class ExpressionError extends Error {
  override name = 'ExpressionError';
  /** Offset in the expression text where the problem is. */
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

type Token = { t: 'num'; v: number; at: number } | { t: 'str'; v: string; at: number } | { t: 'id'; v: string; at: number } | { t: 'op'; v: string; at: number };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 50;

export function parseExpression(source: string): Expr {
  if (source.length > MAX_LENGTH) throw new ExpressionError(`expression longer than ${MAX_LENGTH} characters`, 0);
  const parser = new Parser(tokenize(source), source.length);
  const expr = parser.expression(0);
  parser.expectEnd();
  return expr;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '=', '!', '+', '-', '*', '/', '%', '(', ')', '[', ']', ',', '.'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError('unterminated string', i);
      tokens.push({ t: 'str', v: source.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ t: 'id', v: m[0], at: i });
      i += m[0].length;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new ExpressionError(`unexpected character '${c}'`, i);
      tokens.push({ t: 'op', v: op, at: i });
      i += op.length;
    }
  }
  return tokens;
}

/** Binding power of each infix operator (higher binds tighter) and the operator it means. */
const INFIX: Record<string, { power: number; op: BinaryOp }> = {
  or: { power: 1, op: 'or' },
  '||': { power: 1, op: 'or' },
  and: { power: 2, op: 'and' },
  '&&': { power: 2, op: 'and' },
  '==': { power: 3, op: '==' },
  '=': { power: 3, op: '==' },
  '!=': { power: 3, op: '!=' },
  '<': { power: 3, op: '<' },
  '<=': { power: 3, op: '<=' },
  '>': { power: 3, op: '>' },
  '>=': { power: 3, op: '>=' },
  in: { power: 3, op: 'in' },
  '+': { power: 4, op: '+' },
  '-': { power: 4, op: '-' },
  '*': { power: 5, op: '*' },
  '/': { power: 5, op: '/' },
  '%': { power: 5, op: '%' },
};
const PREFIX_POWER = 6;
const COMPARISONS = new Set<BinaryOp>(['==', '!=', '<', '<=', '>', '>=', 'in']);

/** A Pratt parser: each operator's binding power decides how far its right-hand side reaches. */
class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly end: number,
  ) {}

  expression(minPower: number): Expr {
    if (++this.depth > MAX_DEPTH) throw new ExpressionError('expression nested too deeply', this.at());
    let left = this.prefix();
    for (;;) {
      const token = this.tokens[this.i];
      const infix = token && (token.t === 'op' || token.t === 'id') && Object.hasOwn(INFIX, token.v) ? INFIX[token.v] : undefined;
      if (!token || !infix || infix.power <= minPower) break;
      this.i++;
      const right = this.expression(infix.power); // left-associative
      // Comparisons do not chain: `a < b < c` is an error rather than a surprise.
      if (infix.power === 3 && left.k === 'bin' && COMPARISONS.has(left.op)) {
        throw new ExpressionError('comparisons cannot be chained; combine them with and/or', token.at);
      }
      left = { k: 'bin', op: infix.op, a: left, b: right };
    }
    this.depth--;
    return left;
  }

  expectEnd(): void {
    const token = this.tokens[this.i];
    if (token) throw new ExpressionError(`unexpected '${token.t === 'str' ? `"${token.v}"` : token.v}'`, token.at);
  }

  private prefix(): Expr {
    const token = this.next('an expression');
    switch (token.t) {
      case 'num':
        return { k: 'lit', value: token.v };
      case 'str':
        return { k: 'lit', value: token.v };
      case 'op':
        return this.prefixOperator(token);
      case 'id':
        return this.identifier(token);
    }
  }

  private prefixOperator(token: Token & { t: 'op' }): Expr {
    if (token.v === '!') return { k: 'not', e: this.expression(PREFIX_POWER) };
    if (token.v === '-') return { k: 'neg', e: this.expression(PREFIX_POWER) };
    if (token.v === '(') {
      const inner = this.expression(0);
      this.expect(')');
      return inner;
    }
    if (token.v === '[') return { k: 'list', items: this.list(']') };
    throw new ExpressionError(`unexpected '${token.v}'`, token.at);
  }

  private identifier(token: Token & { t: 'id' }): Expr {
    const word = token.v;
    if (word === 'true' || word === 'false') return { k: 'lit', value: word === 'true' };
    if (word === 'null' || word === 'blank') return { k: 'lit', value: null };
    if (word === 'not') return { k: 'not', e: this.expression(PREFIX_POWER) };
    if ((SCOPES as readonly string[]).includes(word)) {
      const path: string[] = [];
      while (this.peekOp('.')) {
        this.i++;
        const part = this.next('a name after "."');
        if (part.t !== 'id') throw new ExpressionError('expected a name after "."', part.at);
        path.push(part.v);
      }
      if (path.length === 0) throw new ExpressionError(`expected ${word}.<name>`, token.at);
      return { k: 'var', scope: word as Scope, path };
    }
    if (this.peekOp('(')) {
      if (!Object.hasOwn(FUNCTIONS, word)) {
        throw new ExpressionError(`unknown function '${word}'; known: ${Object.keys(FUNCTIONS).join(', ')}`, token.at);
      }
      this.i++;
      const fn = word as FunctionName;
      const args = this.list(')');
      if (args.length !== FUNCTIONS[fn]) throw new ExpressionError(`${fn}() takes ${FUNCTIONS[fn]} argument(s)`, token.at);
      return { k: 'call', fn, args };
    }
    throw new ExpressionError(`unknown name '${word}'; variables start with ${SCOPES.join('., ')}.`, token.at);
  }

  private list(close: ')' | ']'): Expr[] {
    const items: Expr[] = [];
    if (this.peekOp(close)) {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.expression(0));
      const token = this.next(`',' or '${close}'`);
      if (token.t === 'op' && token.v === close) return items;
      if (!(token.t === 'op' && token.v === ',')) throw new ExpressionError(`expected ',' or '${close}'`, token.at);
    }
  }

  private next(what: string): Token {
    const token = this.tokens[this.i++];
    if (!token) throw new ExpressionError(`expected ${what} at the end`, this.end);
    return token;
  }

  private expect(op: string): void {
    const token = this.next(`'${op}'`);
    if (token.t !== 'op' || token.v !== op) throw new ExpressionError(`expected '${op}'`, token.at);
  }

  private peekOp(op: string): boolean {
    const token = this.tokens[this.i];
    return token?.t === 'op' && token.v === op;
  }

  private at(): number {
    return this.tokens[this.i]?.at ?? this.end;
  }
}

/** Every variable an expression reads, for the validator's "set before use" check. */
export function variablesOf(expr: Expr): { scope: Scope; path: readonly string[] }[] {
  switch (expr.k) {
    case 'lit':
      return [];
    case 'var':
      return [{ scope: expr.scope, path: expr.path }];
    case 'list':
      return expr.items.flatMap(variablesOf);
    case 'not':
    case 'neg':
      return variablesOf(expr.e);
    case 'bin':
      return [...variablesOf(expr.a), ...variablesOf(expr.b)];
    case 'call':
      return expr.args.flatMap(variablesOf);
  }
}
