import type { BusinessHours, Instant, Weekday } from './types.ts';

/**
 * Opening hours in the queue's own time zone, through Intl (the ICU zone data Node ships), so daylight-saving
 * changes follow the zone's rules with no date library and no hand-written offsets.
 */

export interface LocalTime {
  readonly weekday: Weekday;
  /** `YYYY-MM-DD` */
  readonly date: string;
  /** `HH:MM`, 24 h */
  readonly time: string;
}

const WEEKDAYS: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

// Building a formatter is far slower than using one; a zone's formatter has no state, so sharing it stays pure.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      // h23, not hour12: false, which renders midnight as "24" in some ICU versions.
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone this runtime knows (for config validation). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    // RangeError is the documented answer for an unknown zone; nothing else is thrown here.
    return false;
  }
}

export function localTime(now: Instant, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(now))) parts[part.type] = part.value;
  return {
    weekday: WEEKDAYS[parts.weekday!]!,
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** Open at `now`: not a holiday, and inside one of the day's ranges (`from` inclusive, `to` exclusive). */
export function isOpen(hours: BusinessHours | undefined, now: Instant): boolean {
  if (!hours) return true;
  const local = localTime(now, hours.timeZone);
  if (hours.holidays?.includes(local.date)) return false;
  return (hours.weekly[local.weekday] ?? []).some((range) => range.from <= local.time && local.time < range.to);
}
