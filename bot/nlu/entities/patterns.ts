/** Order and account numbers from the configured patterns; the span is the identifier's capture group. */
import type { EntityPattern } from './config.ts';
import type { Candidate } from './resolve.ts';
import { entityAt } from './span.ts';

export interface CompiledPattern {
  readonly type: EntityPattern['type'];
  readonly regex: RegExp;
  readonly group: number;
}

export function compilePatterns(patterns: readonly EntityPattern[]): CompiledPattern[] {
  // "d" gives each group's indices; config validation has already compiled every pattern once.
  return patterns.map((p) => ({ type: p.type, regex: new RegExp(p.pattern, `${p.flags}gd`), group: p.group }));
}

export function findPatterns(text: string, patterns: readonly CompiledPattern[]): Candidate[] {
  return patterns.flatMap(({ type, regex, group }) =>
    [...text.matchAll(regex)].flatMap((match) => {
      const span = match.indices?.[group];
      if (!span || span[1] <= span[0]) return [];
      const [start, end] = span;
      const value = text.slice(start, end).replace(/\s+/g, '').toUpperCase();
      return [{ ...entityAt(text, type, start, end, value), context: match[0].length }];
    }),
  );
}
