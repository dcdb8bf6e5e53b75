import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';
import type { Entity } from '../types.ts';
import { entityAt } from './span.ts';

/** Valid numbers only (full metadata), as E.164; a number without "+" is read in the default region. */
export function findPhones(text: string, defaultRegion: CountryCode): Entity[] {
  return findPhoneNumbersInText(text, { defaultCountry: defaultRegion }).map((found) =>
    entityAt(text, 'phone', found.startsAt, found.endsAt, found.number.number),
  );
}
