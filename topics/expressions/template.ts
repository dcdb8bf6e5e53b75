import { display, evaluate, type Scopes } from './evaluate.ts';
import { type Expr, ExpressionError, parseExpression } from './parse.ts';

/** Text with `{expression}` holes (`{{` and `}}` for literal braces), parsed once at load. */
export type Template = readonly (string | Expr)[];

export function parseTemplate(source: string): Template {
  const parts: (string | Expr)[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if ((c === '{' || c === '}') && source[i + 1] === c) {
      text += c;
      i += 2;
    } else if (c === '{') {
      const end = source.indexOf('}', i + 1);
      if (end < 0) throw new ExpressionError("'{' without a closing '}' (write {{ for a literal brace)", i);
      try {
        parts.push(text, parseExpression(source.slice(i + 1, end)));
      } catch (error) {
        if (error instanceof ExpressionError) throw new ExpressionError(error.message, i + 1 + error.at);
        throw error;
      }
      text = '';
      i = end + 1;
    } else if (c === '}') {
      throw new ExpressionError("'}' without an opening '{' (write }} for a literal brace)", i);
    } else {
      text += c;
      i++;
    }
  }
  if (text) parts.push(text);
  return parts.filter((p) => p !== '');
}

/**
 * Fills the holes. Values are escaped for Markdown, since texts are Markdown and values may come from the
 * customer: what they typed must read as typed, never as a link or formatting.
 */
export function renderTemplate(template: Template, scopes: Scopes, escape: (text: string) => string = escapeMarkdown): string {
  return template.map((part) => (typeof part === 'string' ? part : escape(display(evaluate(part, scopes))))).join('');
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, '\\$&');
}
