/**
 * Where a live handoff stands, as data: the bot's handoff activities (handoff.initiate, queue notices, handoff.status
 * and the "joined" message) and the customer's own choices become signals, and `advance` moves the phase. No DOM
 * here; the chat turns phase changes into the banner, the leave-a-message form and the "ended" divider.
 */
import type { Activity } from 'botframework-directlinejs';
// From core/handoff-protocol.ts, not core/handoff: that one brings zod into the bundle.
import { BACK_TO_BOT, LEAVE_MESSAGE, type QueueNotice, type UnavailableReason } from '../../core/handoff-protocol.ts';

export { BACK_TO_BOT, LEAVE_MESSAGE };

export interface Rep {
  readonly id: string | undefined;
  readonly name: string;
}

export interface Place {
  /** Unknown until the first queue notice. */
  readonly position: number | null;
  readonly estimatedWaitSeconds: number | null;
}

export type Phase =
  | { readonly kind: 'bot' }
  | ({ readonly kind: 'waiting' } & Place)
  | { readonly kind: 'unavailable'; readonly reason: UnavailableReason }
  /** The customer chose to leave a message: their next one goes to the team. */
  | { readonly kind: 'leaving-message' }
  | { readonly kind: 'with-rep'; readonly rep: Rep };

export type Signal =
  | { readonly kind: 'initiated' }
  | { readonly kind: 'queue'; readonly notice: Pick<QueueNotice, 'position' | 'estimatedWaitSeconds' | 'unavailable'> }
  | { readonly kind: 'accepted'; readonly rep: Rep }
  | { readonly kind: 'completed' }
  | { readonly kind: 'failed' }
  /** A message of the customer's reached the server (sent now, or replayed from the history). */
  | { readonly kind: 'customer'; readonly text: string };

export const BOT: Phase = Object.freeze({ kind: 'bot' });

/** The next phase; the same object when the signal changes nothing, so callers can skip redrawing. */
export function advance(phase: Phase, signal: Signal): Phase {
  switch (signal.kind) {
    case 'initiated':
      // The hub may answer (a queue notice, even a rep joining) before the bot's own event reaches the channel.
      return phase.kind === 'bot' ? { kind: 'waiting', position: null, estimatedWaitSeconds: null } : phase;
    case 'queue': {
      // Once the customer chose to leave a message, the wait is over for them whatever the queue does.
      if (phase.kind === 'leaving-message') return phase;
      const { position, estimatedWaitSeconds, unavailable } = signal.notice;
      if (unavailable) return phase.kind === 'unavailable' && phase.reason === unavailable ? phase : { kind: 'unavailable', reason: unavailable };
      const same = phase.kind === 'waiting' && phase.position === position && phase.estimatedWaitSeconds === estimatedWaitSeconds;
      return same ? phase : { kind: 'waiting', position, estimatedWaitSeconds };
    }
    case 'accepted':
      return phase.kind === 'with-rep' && phase.rep.name === signal.rep.name ? phase : { kind: 'with-rep', rep: signal.rep };
    case 'completed':
    case 'failed':
      return BOT;
    case 'customer':
      return afterCustomer(phase, signal.text.trim().toLowerCase());
  }
}

/** While waiting, the bot's handoff gate takes the two choices, typed or tapped; a message left ends the wait. */
function afterCustomer(phase: Phase, said: string): Phase {
  if (phase.kind === 'leaving-message') return BOT;
  if (phase.kind !== 'waiting' && phase.kind !== 'unavailable') return phase;
  if (said === LEAVE_MESSAGE.toLowerCase()) return { kind: 'leaving-message' };
  if (said === BACK_TO_BOT.toLowerCase()) return BOT;
  return phase;
}

/** "You're number 2 · about 5 min"; null before the first queue notice. */
export function placeText(place: Place): string | null {
  if (place.position === null) return null;
  const where = place.position <= 1 ? 'You’re next' : `You’re number ${place.position}`;
  const seconds = place.estimatedWaitSeconds;
  if (seconds === null) return where;
  return `${where} · ${seconds < 60 ? 'less than a minute' : `about ${Math.round(seconds / 60)} min`}`;
}

/** Every reason the hub gives (a Record, so a reason added to core/handoff fails the typecheck until listed). */
const UNAVAILABLE: Record<UnavailableReason, true> = { 'out-of-hours': true, 'no-rep-online': true, 'wait-too-long': true, 'unknown-queue': true };

/**
 * What a bot activity says about the handoff, or null. Checked by hand rather than with zod (a few typeof checks
 * cost the bundle far less); malformed parts are ignored, not thrown: the widget keeps chatting whatever arrives.
 */
export function signalOf(activity: Activity): Signal | null {
  const channelData = record(activity.channelData);
  if (activity.type === 'event') {
    const value = record((activity as { value?: unknown }).value);
    switch ((activity as { name?: unknown }).name) {
      case 'handoff.initiate':
        return { kind: 'initiated' };
      case 'handoff.queue':
        return queueSignal(value);
      case 'handoff.status':
        return statusSignal(value.state, channelData.rep);
      default:
        return null;
    }
  }
  if (activity.type !== 'message') return null;
  const handoff = record(channelData.handoff);
  if (handoff.state === 'queued') return queueSignal(handoff);
  if (handoff.state === 'accepted') return statusSignal('accepted', handoff.rep);
  return null;
}

function queueSignal(value: Record<string, unknown>): Signal | null {
  const { position, estimatedWaitSeconds, unavailable } = value;
  if (typeof position !== 'number') return null;
  return {
    kind: 'queue',
    notice: {
      position,
      estimatedWaitSeconds: typeof estimatedWaitSeconds === 'number' ? estimatedWaitSeconds : null,
      unavailable: isUnavailableReason(unavailable) ? unavailable : null,
    },
  };
}

function statusSignal(state: unknown, rep: unknown): Signal | null {
  if (state === 'completed' || state === 'failed') return { kind: state };
  if (state !== 'accepted') return null;
  const { id, name } = record(rep);
  return { kind: 'accepted', rep: { id: typeof id === 'string' ? id : undefined, name: typeof name === 'string' && name.trim() ? name : 'Support agent' } };
}

function isUnavailableReason(value: unknown): value is UnavailableReason {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(UNAVAILABLE, value);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The first letter of a name, for an avatar ("?" when there is none). */
export function initialOf(name: string): string {
  const first = [...name.trim()][0];
  return first ? first.toLocaleUpperCase() : '?';
}
