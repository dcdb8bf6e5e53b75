/**
 * Bot markdown → DOM. marked is used only as a lexer; its HTML output is never used. Each token becomes an element
 * we create, text always goes in as text nodes, raw HTML shows as the literal text, and links keep only
 * http(s)/mailto targets.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { append, h } from './dom.ts';

const SAFE_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

export function renderMarkdown(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  append(fragment, ...blocks(Lexer.lex(source, { gfm: true, breaks: true })));
  return fragment;
}

/** An absolute http(s)/mailto URL, or null: relative, javascript:, data: and malformed targets are dropped. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null; // not an absolute URL: there is no base to resolve it against on a customer's page
  }
}

function blocks(tokens: Token[]): Node[] {
  return tokens.flatMap(block);
}

function block(token: Token): Node[] {
  switch (token.type) {
    case 'space':
    case 'def':
      return [];
    case 'paragraph':
      return [h('p', {}, ...inline((token as Tokens.Paragraph).tokens))];
    case 'heading':
      return [h('p', { class: 'md-heading' }, ...inline((token as Tokens.Heading).tokens))];
    case 'code':
      return [h('pre', {}, h('code', {}, (token as Tokens.Code).text))];
    case 'blockquote':
      return [h('blockquote', {}, ...blocks((token as Tokens.Blockquote).tokens))];
    case 'hr':
      return [h('hr')];
    case 'list':
      return [list(token as Tokens.List)];
    case 'table':
      return [table(token as Tokens.Table)];
    case 'html':
      return [h('p', {}, (token as Tokens.HTML).text)];
    case 'text': {
      // Top-level text appears inside tight list items.
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : [document.createTextNode(decodeEntities(text.text))];
    }
    default:
      return [h('p', {}, token.raw)];
  }
}

function list(token: Tokens.List): HTMLElement {
  const start = token.ordered && typeof token.start === 'number' && token.start !== 1 ? String(token.start) : undefined;
  const items = token.items.map((item) => {
    const marker = item.task ? (item.checked ? '☑ ' : '☐ ') : null;
    // Task items carry a checkbox token that block() would print raw; the marker above stands for it.
    return h('li', {}, marker, ...blocks(item.tokens.filter((t) => t.type !== 'checkbox')));
  });
  return h(token.ordered ? 'ol' : 'ul', { start }, ...items);
}

function table(token: Tokens.Table): HTMLElement {
  const row = (cells: Tokens.TableCell[], tag: 'th' | 'td') =>
    h('tr', {}, ...cells.map((cell) => h(tag, {}, ...inline(cell.tokens))));
  return h(
    'div',
    { class: 'md-table' },
    h('table', {}, h('thead', {}, row(token.header, 'th')), h('tbody', {}, ...token.rows.map((r) => row(r, 'td')))),
  );
}

function inline(tokens: Token[]): Node[] {
  return tokens.flatMap(span);
}

function span(token: Token): Node[] {
  switch (token.type) {
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : [document.createTextNode(decodeEntities(text.text))];
    }
    case 'escape':
      return [document.createTextNode((token as Tokens.Escape).text)];
    case 'strong':
      return [h('strong', {}, ...inline((token as Tokens.Strong).tokens))];
    case 'em':
      return [h('em', {}, ...inline((token as Tokens.Em).tokens))];
    case 'del':
      return [h('del', {}, ...inline((token as Tokens.Del).tokens))];
    case 'codespan':
      return [h('code', {}, decodeEntities((token as Tokens.Codespan).text))];
    case 'br':
      return [h('br')];
    case 'link':
      return [link(token as Tokens.Link)];
    case 'image':
      return [image(token as Tokens.Image)];
    default:
      // Raw inline HTML (`html` tokens) and anything unknown: show exactly what the bot wrote.
      return [document.createTextNode(token.raw)];
  }
}

function link(token: Tokens.Link): Node {
  const href = safeHref(token.autolink ? token.href : decodeEntities(token.href));
  const content = inline(token.tokens);
  if (!href) return h('span', {}, ...content);
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', title: token.title ?? undefined }, ...content);
}

/** Images are not loaded (tracking pixels, layout); they become a link to the image, or their alt text. */
function image(token: Tokens.Image): Node {
  const href = safeHref(decodeEntities(token.href));
  const label = token.text || 'image';
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, label) : document.createTextNode(label);
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * marked leaves character references in token text for its HTML renderer to pass through; as we write text nodes,
 * decode the common ones here (unknown names stay literal).
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
