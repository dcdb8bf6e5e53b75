/**
 * Money with its currency: "$12.50", "12,50 €", "EUR 40", "40 dollars", "US$ 1,200". Both decimal conventions are
 * read ("1.234,56" and "1,234.56"); the value is `{ amount, currency }` with an ISO 4217 code. A bare "$" means the
 * configured dollar currency.
 */
import type { Entity } from '../types.ts';
import { entityAt } from './span.ts';

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const SYMBOLS: Readonly<Record<string, string>> = {
  'US$': 'USD', 'C$': 'CAD', 'CA$': 'CAD', 'A$': 'AUD', 'AU$': 'AUD', 'NZ$': 'NZD', 'HK$': 'HKD', 'S$': 'SGD',
  'R$': 'BRL', '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₹': 'INR', '₩': 'KRW', '₽': 'RUB', '₺': 'TRY', '₪': 'ILS',
  '₱': 'PHP', '₦': 'NGN', '฿': 'THB', '₫': 'VND', '₴': 'UAH', 'zł': 'PLN',
};
const CODES = [
  'USD', 'EUR', 'GBP', 'JPY', 'CNY', 'INR', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF',
  'MXN', 'BRL', 'ZAR', 'SGD', 'HKD', 'KRW', 'TRY', 'RUB', 'ILS', 'AED', 'SAR', 'THB', 'PHP', 'IDR', 'MYR', 'RON',
];
const WORDS: Readonly<Record<string, string | null>> = {
  dollar: null, dollars: null, buck: null, bucks: null, euro: 'EUR', euros: 'EUR', pound: 'GBP', pounds: 'GBP',
  quid: 'GBP', yen: 'JPY', rupee: 'INR', rupees: 'INR', franc: 'CHF', francs: 'CHF',
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first so "US$" wins over "$".
const SYMBOL = ['$', ...Object.keys(SYMBOLS)].sort((a, b) => b.length - a.length).map(escape).join('|');
const CODE = CODES.join('|');
const WORD = Object.keys(WORDS).join('|');
// Grouped thousands (comma, dot, apostrophe or a no-break space) with optional decimals, or plain digits.
const NUMBER = String.raw`\d{1,3}(?:[,.'\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const BEFORE = String.raw`(?<![\p{L}\p{N}.,$])`;
const AFTER = String.raw`(?![\p{N}]|[.,]\d)`;

const FORMS: readonly { readonly regex: RegExp; readonly read: (m: RegExpMatchArray, dollar: string) => Money | null }[] = [
  {
    regex: new RegExp(String.raw`${BEFORE}(?<symbol>${SYMBOL})\s?(?<number>${NUMBER})${AFTER}`, 'gu'),
    read: (m, dollar) => money(m.groups?.number, symbolCurrency(m.groups?.symbol, dollar)),
  },
  {
    regex: new RegExp(String.raw`${BEFORE}(?<code>${CODE})\s?(?<number>${NUMBER})${AFTER}`, 'gu'),
    read: (m) => money(m.groups?.number, m.groups?.code),
  },
  {
    regex: new RegExp(String.raw`${BEFORE}(?<number>${NUMBER})\s?(?:(?<symbol>${SYMBOL})|(?<code>${CODE})\b|(?<word>${WORD})\b)`, 'giu'),
    read: (m, dollar) => {
      const { number, symbol, code, word } = m.groups ?? {};
      if (code !== undefined && code !== code.toUpperCase()) return null;
      const currency = symbol ? symbolCurrency(symbol, dollar) : code ?? (word ? (WORDS[word.toLowerCase()] ?? dollar) : undefined);
      return money(number, currency);
    },
  },
];

export function findAmounts(text: string, dollarCurrency: string): Entity[] {
  const found: Entity[] = [];
  for (const form of FORMS) {
    for (const match of text.matchAll(form.regex)) {
      const value = form.read(match, dollarCurrency);
      if (value) found.push(entityAt(text, 'amount', match.index, match.index + match[0].length, value));
    }
  }
  return found;
}

function symbolCurrency(symbol: string | undefined, dollar: string): string | undefined {
  if (symbol === undefined) return undefined;
  return symbol === '$' ? dollar : SYMBOLS[symbol];
}

function money(number: string | undefined, currency: string | undefined): Money | null {
  if (number === undefined || currency === undefined) return null;
  const amount = parseNumber(number);
  return Number.isFinite(amount) ? { amount, currency } : null;
}

/** "1.234,56" → 1234.56, "1,234.56" → 1234.56, "12,50" → 12.5, "1,234" → 1234. */
export function parseNumber(raw: string): number {
  const compact = raw.replace(/['\u00a0\u202f]/g, '');
  const lastComma = compact.lastIndexOf(',');
  const lastDot = compact.lastIndexOf('.');
  let decimal: ',' | '.' | null = null;
  if (lastComma >= 0 && lastDot >= 0) decimal = lastComma > lastDot ? ',' : '.';
  else if (lastComma >= 0 || lastDot >= 0) {
    const separator = lastComma >= 0 ? ',' : '.';
    const groups = compact.split(separator);
    // One separator followed by one or two digits is a decimal mark; groups of three are thousands.
    decimal = groups.length === 2 && groups[1]!.length <= 2 ? separator : null;
  }
  const digits = decimal === null ? compact.replace(/[.,]/g, '') : compact.split(decimal).map((part) => part.replace(/[.,]/g, '')).join('.');
  return Number(digits);
}
