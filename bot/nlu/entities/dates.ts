/**
 * Dates in free text via chrono-node, read relative to `now` in the configured time zone: "tomorrow", "last
 * Tuesday", "12/03/2025", "March 3rd". The value is the ISO calendar date (YYYY-MM-DD) of the start.
 */
import * as chrono from 'chrono-node';
import type { Entity } from '../types.ts';
import type { EntityConfig } from './config.ts';
import { entityAt } from './span.ts';

const PARSERS: Record<EntityConfig['dateLocale'], chrono.Chrono> = {
  en: chrono.en.casual,
  'en-GB': chrono.en.GB,
  de: chrono.de.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
  it: chrono.it.casual,
  nl: chrono.nl.casual,
  pt: chrono.pt.casual,
  ja: chrono.ja.casual,
};

// chrono reads "now" as this instant; in a support message it is never the date being talked about.
const NOT_A_DATE = /^(?:right\s+|just\s+)?now$/i;

export function findDates(text: string, now: Date, config: Pick<EntityConfig, 'dateLocale' | 'timezoneOffsetMinutes'>): Entity[] {
  if (Number.isNaN(now.getTime())) return [];
  const reference = { instant: now, timezone: config.timezoneOffsetMinutes };
  return PARSERS[config.dateLocale].parse(text, reference).flatMap((result) => {
    if (NOT_A_DATE.test(result.text)) return [];
    const date = isoDate(result.start.get('year'), result.start.get('month'), result.start.get('day'));
    // chrono trims what it matched, so the span is found from its own index and text.
    return date === null ? [] : [entityAt(text, 'date', result.index, result.index + result.text.length, date)];
  });
}

function isoDate(year: number | null, month: number | null, day: number | null): string | null {
  if (year === null || month === null || day === null || year < 0 || year > 9999) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
