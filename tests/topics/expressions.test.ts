import { expect } from 'chai';
import { evaluate, type Scopes, type Value } from '../../topics/expressions/evaluate.ts';
import { ExpressionError, parseExpression, variablesOf } from '../../topics/expressions/parse.ts';
import { parseTemplate, renderTemplate } from '../../topics/expressions/template.ts';

const scopes = (topic: Record<string, Value> = {}, extra: Partial<Scopes> = {}): Scopes => ({
  Topic: topic,
  Global: {},
  User: {},
  System: {},
  ...extra,
});
const run = (source: string, topic: Record<string, Value> = {}) => evaluate(parseExpression(source), scopes(topic));

/** The ExpressionError a source throws, so a test can look at its message and offset. */
function errorOf(parse: () => unknown): ExpressionError {
  try {
    parse();
  } catch (error) {
    expect(error).to.be.instanceOf(ExpressionError);
    return error as ExpressionError;
  }
  expect.fail('expected an ExpressionError');
}

describe('Topic expressions', () => {
  describe('parsing', () => {
    it('binds * tighter than +, and arithmetic tighter than comparison', () => {
      expect(run('1 + 2 * 3')).to.equal(7);
      expect(run('(1 + 2) * 3')).to.equal(9);
      expect(run('1 + 2 == 3')).to.equal(true);
    });

    it('binds and tighter than or, and not tighter than both', () => {
      expect(run('true or false and false')).to.equal(true);
      expect(run('not true or true')).to.equal(true);
      expect(run('not (true or true)')).to.equal(false);
      expect(parseExpression('Topic.a or Topic.b and Topic.c')).to.deep.include({ k: 'bin', op: 'or' });
    });

    it('reads arithmetic left to right and negation as a prefix', () => {
      expect(run('10 - 2 - 3')).to.equal(5);
      expect(run('-2 * 3')).to.equal(-6);
      expect(run('12 / 2 / 3')).to.equal(2);
    });

    it('accepts = for == and &&, ||, ! for and, or, not', () => {
      expect(run('Topic.n = 2 && !false || false', { n: 2 })).to.equal(true);
    });

    it('lists every variable an expression reads', () => {
      const vars = variablesOf(parseExpression('Topic.a.b > 1 and contains([Global.c], lower(User.name)) or System.intent == "x"'));
      expect(vars.map((v) => `${v.scope}.${v.path.join('.')}`)).to.deep.equal(['Topic.a.b', 'Global.c', 'User.name', 'System.intent']);
    });
  });

  describe('parse errors', () => {
    it('points at the end when the expression stops early', () => {
      const error = errorOf(() => parseExpression('Topic.x =='));
      expect(error.message).to.match(/expected an expression at the end/);
      expect(error.at).to.equal(10);
    });

    it('refuses chained comparisons at the second operator', () => {
      const error = errorOf(() => parseExpression('1 < 2 < 3'));
      expect(error.message).to.match(/cannot be chained/);
      expect(error.at).to.equal(6);
    });

    it('names an unexpected character, an unterminated string and a stray token with their offsets', () => {
      expect(errorOf(() => parseExpression('Topic.x $ 1'))).to.include({ at: 8 }).and.have.property('message').that.matches(/unexpected character '\$'/);
      expect(errorOf(() => parseExpression('Topic.x == "abc'))).to.include({ at: 11, message: 'unterminated string' });
      expect(errorOf(() => parseExpression('1 2'))).to.include({ at: 2 });
    });

    it('refuses unknown names and tells which scopes exist', () => {
      const error = errorOf(() => parseExpression('answer == 1'));
      expect(error.message).to.match(/unknown name 'answer'.*Topic/);
      expect(error.at).to.equal(0);
      expect(errorOf(() => parseExpression('Topic == 1')).message).to.match(/expected Topic\.<name>/);
    });

    it('refuses unknown functions and wrong argument counts', () => {
      expect(errorOf(() => parseExpression('shout(Topic.x)')).message).to.match(/unknown function 'shout'; known: isBlank/);
      expect(errorOf(() => parseExpression('lower(1, 2)')).message).to.match(/lower\(\) takes 1 argument/);
    });

    it('refuses constructor, __proto__ and Object.prototype methods as names or functions', () => {
      expect(errorOf(() => parseExpression('constructor')).message).to.match(/unknown name 'constructor'/);
      expect(errorOf(() => parseExpression('__proto__')).message).to.match(/unknown name '__proto__'/);
      expect(errorOf(() => parseExpression('toString(1)')).message).to.match(/unknown function 'toString'/);
      expect(errorOf(() => parseExpression('hasOwnProperty(1)')).message).to.match(/unknown function/);
    });

    it('caps nesting depth and length instead of overflowing the stack', () => {
      expect(errorOf(() => parseExpression(`${'('.repeat(200)}1${')'.repeat(200)}`)).message).to.match(/nested too deeply/);
      expect(errorOf(() => parseExpression('1+'.repeat(1500) + '1')).message).to.match(/longer than/);
    });
  });

  describe('evaluation', () => {
    it('compares text without regard to case or surrounding spaces', () => {
      expect(run('Topic.answer == "Yes"', { answer: ' yes ' })).to.equal(true);
      expect(run('Topic.answer != "YES"', { answer: 'yes' })).to.equal(false);
      expect(run('"abc" < "abd"')).to.equal(true);
    });

    it('compares numbers with numeric text', () => {
      expect(run('Topic.n == "42"', { n: 42 })).to.equal(true);
      expect(run('"" == 0')).to.equal(false);
    });

    it('reads a variable that is not set as null, which equals blank', () => {
      expect(run('Topic.missing')).to.equal(null);
      expect(run('Topic.missing == null')).to.equal(true);
      expect(run('Topic.missing == ""')).to.equal(true);
      expect(run('isBlank(Topic.missing)')).to.equal(true);
      expect(run('Topic.missing.deeper')).to.equal(null);
    });

    it('makes mismatched comparisons false and mismatched arithmetic null rather than throwing', () => {
      expect(run('Topic.missing > 1')).to.equal(false);
      expect(run('"a" < 1')).to.equal(false);
      expect(run('Topic.missing + 1')).to.equal(null);
      expect(run('true * 2')).to.equal(null);
      expect(run('1 / 0')).to.equal(null);
      expect(run('-"a"')).to.equal(null);
    });

    it('joins text with + and gives booleans from and/or', () => {
      expect(run('"order " + 7')).to.equal('order 7');
      expect(run('1 and "x"')).to.equal(true);
      expect(run('0 or ""')).to.equal(false);
    });

    it('tests membership with in: list items (case-insensitive) and substrings', () => {
      expect(run('"b" in ["a", "B"]')).to.equal(true);
      expect(run('Topic.plan in ["gold", "silver"]', { plan: 'bronze' })).to.equal(false);
      expect(run('"ell" in "hello"')).to.equal(true);
      expect(run('1 in "1"')).to.equal(false);
      expect(run('"a" in Topic.missing')).to.equal(false);
    });

    it('offers a few safe functions', () => {
      expect(run('contains("Hello World", "WORLD")')).to.equal(true);
      expect(run('startsWith("Refund please", "refund")')).to.equal(true);
      expect(run('length([1, 2, 3])')).to.equal(3);
      expect(run('number(" 12 ")')).to.equal(12);
      expect(run('number("twelve")')).to.equal(null);
      expect(run('upper(text(1.234))')).to.equal('1.23');
      expect(run('coalesce(Topic.missing, "none")')).to.equal('none');
    });

    it('never reaches a prototype through a variable path', () => {
      const topic = { name: 'Ann', list: ['a'] };
      for (const source of ['Topic.constructor', 'Topic.__proto__', 'Topic.name.constructor', 'Topic.list.length', 'Topic.toString', 'Topic.__proto__.polluted']) {
        expect(run(source, topic), source).to.equal(null);
      }
      expect(run('Topic.constructor == null')).to.equal(true);
    });
  });

  describe('templates', () => {
    it('splits text and holes, with {{ and }} as literal braces', () => {
      const template = parseTemplate('Hi {User.name}, use {{code}}');
      expect(template).to.have.length(3);
      expect(renderTemplate(template, scopes({}, { User: { name: 'Ann' } }))).to.equal('Hi Ann, use {code}');
    });

    it('escapes Markdown in values so what a customer typed reads as typed', () => {
      const rendered = renderTemplate(parseTemplate('You said: {Topic.said}'), scopes({ said: '*bold* [click](http://evil.example) `x` <b>' }));
      expect(rendered).to.equal('You said: \\*bold\\* \\[click\\]\\(http://evil.example\\) \\`x\\` \\<b\\>');
    });

    it('leaves the maker-written text alone and renders a missing value as nothing', () => {
      expect(renderTemplate(parseTemplate('**Order** {Topic.missing}!'), scopes())).to.equal('**Order** !');
      expect(renderTemplate(parseTemplate('{Topic.n * 2} items'), scopes({ n: 1.5 }))).to.equal('3 items');
    });

    it('reports unbalanced braces and errors inside a hole at their place in the text', () => {
      expect(errorOf(() => parseTemplate('Hi {User.name'))).to.include({ at: 3 }).and.have.property('message').that.matches(/write \{\{/);
      expect(errorOf(() => parseTemplate('Hi } there'))).to.include({ at: 3 }).and.have.property('message').that.matches(/write \}\}/);
      const inside = errorOf(() => parseTemplate('Hi {nobody}'));
      expect(inside.message).to.match(/unknown name 'nobody'/);
      expect(inside.at).to.equal(4);
    });
  });
});
