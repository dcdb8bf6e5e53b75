/**
 * All entity kinds of one message, overlaps resolved, with exact spans into the message. Only the first
 * `config.maxChars` characters are read. Dates are read relative to `now`, passed in by the caller.
 */
import type { Entity } from '../types.ts';
import { findAmounts } from './amounts.ts';
import { createCatalogMatcher, type Product } from './catalog.ts';
import { DEFAULT_ENTITY_CONFIG, type EntityConfig } from './config.ts';
import { findDates } from './dates.ts';
import { findEmails } from './email.ts';
import { compilePatterns, findPatterns } from './patterns.ts';
import { findPhones } from './phone.ts';
import { resolveOverlaps } from './resolve.ts';

export interface EntityExtractor {
  extract(text: string, now: Date): Entity[];
}

export function createEntityExtractor(config: EntityConfig = DEFAULT_ENTITY_CONFIG, catalog: readonly Product[] = []): EntityExtractor {
  const patterns = compilePatterns(config.patterns);
  const products = createCatalogMatcher(catalog);
  return {
    extract(input, now) {
      if (typeof input !== 'string' || input === '') return [];
      const text = firstChars(input, config.maxChars);
      return resolveOverlaps([
        ...findEmails(text),
        ...findPatterns(text, patterns),
        ...products.find(text),
        ...findAmounts(text, config.dollarCurrency),
        ...findPhones(text, config.defaultRegion),
        ...findDates(text, now, config),
      ]);
    },
  };
}

/** A prefix of the input, so spans stay valid for the whole input; never ends inside a surrogate pair. */
function firstChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
