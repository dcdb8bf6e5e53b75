/**
 * Cues of a customer-support problem, written for this project. General sentiment lexicons score "my bag didn't
 * arrive" as neutral, but in support it is a complaint, and "thanks for the 3 hour delay" is sarcasm. These
 * become features; the learner weighs them.
 */
import { normaliseWord } from './features.ts';
import type { Token } from './tokenize.ts';

const PROBLEM_WORDS = new Set([
  'delay', 'delayed', 'delays', 'late', 'later', 'cancel', 'cancelled', 'canceled', 'cancelling', 'canceling',
  'cancellation', 'lost', 'lose', 'losing', 'missing', 'missed', 'broken', 'broke', 'damaged', 'stuck', 'stranded',
  'waiting', 'wait', 'waited', 'hold', 'hours', 'hrs', 'hour', 'still', 'again', 'never', 'nobody', 'refund',
  'charged', 'overcharged', 'fee', 'fees', 'rude', 'unhelpful', 'error', 'issue', 'issues', 'problem', 'problems',
  'complaint', 'disconnected', 'disconnect', 'unable', 'fail', 'failed', 'fails', 'crash', 'crashed', 'crashing',
  'down', 'outage', 'wrong', 'mistake', 'diverted', 'rebooked', 'rebook', 'overbooked', 'bumped', 'misconnect',
  'denied', 'declined', 'rejected', 'locked', 'blocked', 'stolen', 'fraud', 'scam', 'spam', 'excuse', 'excuses',
  'ignored', 'ignoring', 'useless', 'pointless', 'worst', 'unacceptable', 'ridiculous', 'joke', 'nightmare',
  'disappointed', 'disappointing', 'frustrated', 'frustrating', 'annoyed', 'annoying', 'angry', 'upset', 'furious',
  'nothing', 'anyone', 'someone', 'yet', 'tarmac', 'voucher', 'compensation', 'claim', 'baggage', 'luggage',
  'hung', 'transferred', 'queue', 'line', 'rescheduled', 'postponed', 'undelivered', 'unanswered', 'unresolved',
]);
const NEGATED_VERBS = /^(?:can't|cant|cannot|won't|wont|didn't|didnt|doesn't|doesnt|hasn't|hasnt|haven't|havent|isn't|isnt|wasn't|wasnt|not|no)$/;
const POSITIVE_WORDS = new Set([
  'thanks', 'thank', 'thx', 'great', 'love', 'loving', 'awesome', 'nice', 'wonderful', 'perfect', 'fantastic',
  'good', 'best', 'appreciate', 'appreciated', 'excellent', 'brilliant', 'amazing', 'lovely', 'fun',
]);
const DURATION = /^(?:\d+|an?|two|three|four|five|six|several|many)$/;
const TIME_UNIT = /^(?:hours?|hrs?|minutes?|mins?|days?|weeks?|months?)$/;

/** Counts of cues, as dense features: problem words, negated verbs, durations, and praise next to a problem. */
export function supportCues(tokens: readonly Token[]): Map<string, number> {
  const words = tokens.filter((t) => t.kind === 'word' || t.kind === 'number').map((t) => normaliseWord(t.text));
  let problems = 0;
  let negations = 0;
  let durations = 0;
  let praise = 0;
  words.forEach((word, i) => {
    if (PROBLEM_WORDS.has(word)) problems += 1;
    if (NEGATED_VERBS.test(word)) negations += 1;
    if (POSITIVE_WORDS.has(word)) praise += 1;
    if (TIME_UNIT.test(word) && DURATION.test(words[i - 1] ?? '')) durations += 1;
  });
  const cues = new Map<string, number>();
  const cap = (n: number) => Math.min(n, 3) / 3;
  if (problems > 0) cues.set('sup:problem', cap(problems));
  if (negations > 0) cues.set('sup:negated', cap(negations));
  if (durations > 0) cues.set('sup:duration', cap(durations));
  if (praise > 0 && problems + negations > 0) cues.set('sup:praise+problem', 1);
  if (tokens.some((t) => t.kind === 'punct' && t.text.includes('?'))) cues.set('sup:question', 1);
  return cues;
}
