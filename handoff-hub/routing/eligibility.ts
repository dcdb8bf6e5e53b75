import type { Conversation, Instant, Queue, Rep } from './types.ts';

/** `en-GB` and `en` are the same language for routing: regional variants do not need separate reps. */
export function baseLanguage(tag: string): string {
  return tag.split(/[-_]/)[0]!.toLowerCase();
}

/**
 * The language a rep must speak. A queue that does not serve the customer's language falls back to its default
 * (first) language, so the customer is served in a language the business offers rather than waiting forever.
 */
export function requiredLanguage(queue: Queue, conversation: Pick<Conversation, 'language'> | undefined): string | undefined {
  const served = queue.languages.map(baseLanguage);
  const wanted = conversation?.language ? baseLanguage(conversation.language) : undefined;
  if (served.length === 0) return wanted;
  return wanted !== undefined && served.includes(wanted) ? wanted : served[0];
}

/** Has every skill the queue requires and speaks the language: whether the rep could ever serve it. */
export function isQualified(rep: Rep, queue: Queue, conversation: Pick<Conversation, 'language'> | undefined): boolean {
  if (!queue.skills.every((skill) => rep.skills.includes(skill))) return false;
  const language = requiredLanguage(queue, conversation);
  return language === undefined || rep.languages.length === 0 || rep.languages.some((l) => baseLanguage(l) === language);
}

/** How many of the bot's hinted skills the rep has: among qualified reps, more is better. */
export function hintedSkillMatches(rep: Rep, conversation: Conversation): number {
  return conversation.skills.filter((skill) => rep.skills.includes(skill)).length;
}

/** Offers still open for the rep; lapsed ones no longer hold a slot (the sweep will expire them). */
export function pendingOffers(conversations: readonly Conversation[], repId: string, now: Instant): number {
  return conversations.filter((c) => c.state === 'offered' && c.offer?.repId === repId && now < c.offer.deadline).length;
}

/** Chats the rep could still take: capacity minus owned chats minus pending offers (an offer may be accepted). */
export function spareCapacity(rep: Rep, pending: number): number {
  return Math.max(0, rep.capacity - rep.activeCount - pending);
}

/** Signed in and able to take chats soon; `away` reps are signed in but not expected back on a known time. */
export function isOnline(rep: Rep): boolean {
  return rep.presence === 'available' || rep.presence === 'busy';
}
