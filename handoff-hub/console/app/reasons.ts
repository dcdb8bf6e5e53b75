import { REASON_TEXT } from '../../../core/handoff-protocol.ts';

/** Why the conversation came to a person, in plain words; an unknown code (a newer bot) is shown as it is. */
export function reasonText(reason: string): string {
  return (REASON_TEXT as Record<string, string | undefined>)[reason] ?? reason;
}
