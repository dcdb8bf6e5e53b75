import type { Entity } from '../types.ts';
import { entityAt } from './span.ts';

// Pragmatic, not RFC 5322: dotted local part, a domain of labels and a TLD of two letters or more.
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,24}(?![\p{L}\p{N}-])/gu;

export function findEmails(text: string): Entity[] {
  return [...text.matchAll(EMAIL)]
    .filter((m) => !m[0].startsWith('.') && !m[0].includes('..'))
    .map((m) => entityAt(text, 'email', m.index, m.index + m[0].length, m[0].toLowerCase()));
}
