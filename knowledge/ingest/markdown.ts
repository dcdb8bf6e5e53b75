import { decodeHTML } from 'entities';
import { Lexer, type Token, type Tokens } from 'marked';
import type { Block } from '../model.ts';
import { htmlToBlocks } from './html.ts';

/**
 * Markdown body to blocks with marked's lexer (the tokens, not the HTML renderer): headings stay headings,
 * paragraphs, lists, tables and code become readable plain text; emphasis markers go, links read "text (url)".
 */

export function markdownToBlocks(markdown: string, maxChars: number): Block[] {
  const blocks: Block[] = [];
  for (const token of Lexer.lex(markdown, { gfm: true })) blocks.push(...blockOf(token as Token, maxChars));
  return blocks;
}

function blockOf(token: Token, maxChars: number): Block[] {
  switch (token.type) {
    case 'heading': {
      const text = oneLine(inline((token as Tokens.Heading).tokens));
      return text ? [{ kind: 'heading', level: (token as Tokens.Heading).depth, text }] : [];
    }
    case 'paragraph':
      return textBlock(inline((token as Tokens.Paragraph).tokens));
    case 'list':
      return textBlock(listLines(token as Tokens.List, 0).join('\n'));
    case 'table':
      return textBlock(tableLines(token as Tokens.Table).join('\n'));
    case 'blockquote':
      return (token as Tokens.Blockquote).tokens.flatMap((t) => blockOf(t, maxChars));
    case 'code':
      return textBlock((token as Tokens.Code).text);
    case 'html':
      // Raw HTML in Markdown (a <details> FAQ, a <h2>) reads like the same HTML in an .html file.
      return htmlToBlocks((token as Tokens.HTML).text, maxChars).blocks;
    case 'text':
      return textBlock('tokens' in token && token.tokens ? inline(token.tokens) : decodeHTML(token.text));
    default:
      // space, hr, link definitions: nothing to read.
      return [];
  }
}

function textBlock(text: string): Block[] {
  const clean = text
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
  return clean ? [{ kind: 'text', text: clean }] : [];
}

/** Inline tokens to text. A soft line break inside a paragraph is a space; a hard break (`<br>`, two spaces) a newline. */
function inline(tokens: readonly Token[] | undefined): string {
  let out = '';
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text':
        out += 'tokens' in t && t.tokens ? inline(t.tokens) : decodeHTML(t.text).replace(/\s*\n\s*/g, ' ');
        break;
      case 'escape':
      case 'codespan':
        out += t.text;
        break;
      case 'strong':
      case 'em':
      case 'del':
        out += inline((t as Tokens.Strong).tokens);
        break;
      case 'link':
        out += linkText(t as Tokens.Link);
        break;
      case 'image':
        out += (t as Tokens.Image).text;
        break;
      case 'br':
        out += '\n';
        break;
      case 'html':
        // Inline tags (<span>, <kbd>) carry no words themselves; their text arrives as text tokens.
        if (/^<br\s*\/?>$/i.test(t.text.trim())) out += '\n';
        break;
      default:
        out += 'text' in t && typeof t.text === 'string' ? t.text : '';
    }
  }
  return out;
}

function linkText(link: Tokens.Link): string {
  const label = inline(link.tokens).trim();
  const href = link.href.trim();
  if (!href || href === label || href === `mailto:${label}`) return label || href;
  return label ? `${label} (${href})` : href;
}

function listLines(list: Tokens.List, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items.flatMap((item, k) => {
    const marker = list.ordered ? `${start + k}.` : '-';
    const own = item.tokens.filter((t) => t.type !== 'list');
    const text = own.map((t) => ('tokens' in t && t.tokens ? inline(t.tokens) : 'text' in t ? String(t.text) : '')).join(' ');
    const nested = item.tokens.filter((t): t is Tokens.List => t.type === 'list').flatMap((l) => listLines(l, depth + 1));
    return [`${indent}${marker} ${oneLine(text)}`, ...nested];
  });
}

function tableLines(table: Tokens.Table): string[] {
  const row = (cells: readonly Tokens.TableCell[]) => cells.map((c) => oneLine(inline(c.tokens))).join(' | ');
  return [row(table.header), ...table.rows.map(row)];
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
