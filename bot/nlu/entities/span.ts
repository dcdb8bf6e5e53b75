import type { Entity, EntityType } from '../types.ts';

/** An entity found at [start, end) of `text`; the text is always cut from the input so spans stay exact. */
export function entityAt(text: string, type: EntityType, start: number, end: number, value: unknown): Entity {
  return { type, text: text.slice(start, end), start, end, value };
}
