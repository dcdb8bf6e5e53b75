/**
 * The conversation as data: which messages exist, who sent them and whether ours were delivered. No DOM and no
 * network here, so de-duplication (history replay, echo vs. POST response, retried posts) lives in one place.
 */
import type { Activity, CardAction } from 'botframework-directlinejs';

export type Sender = { kind: 'customer' } | { kind: 'bot'; name: string } | { kind: 'rep'; name: string };
export type Delivery = 'sending' | 'sent' | 'failed';

export interface Entry {
  /** Stable for the entry's life: our clientActivityID for customer messages, else the server id. */
  readonly key: string;
  readonly id: string | undefined;
  readonly sender: Sender;
  readonly text: string;
  /** Bot text is markdown; customer and rep text is always plain (a person's words, shown as typed). */
  readonly markdown: boolean;
  readonly timestamp: string;
  readonly delivery: Delivery;
  /** A knowledge answer the customer may rate, and how they rated it. */
  readonly rating?: 'unrated' | 'helpful' | 'unhelpful';
}

export interface Suggestion {
  readonly title: string;
  /** Text posted as the customer's message when chosen. */
  readonly value: string;
}

export type Received =
  | { kind: 'message'; entry: Entry | null; suggestions: Suggestion[] }
  | { kind: 'update'; entry: Entry }
  | { kind: 'typing'; name: string }
  /** An event from the bot, the first time it is seen (a resumed stream replays the history). */
  | { kind: 'event' }
  | { kind: 'ignored' };

export class Transcript {
  private readonly entries = new Map<string, Entry>();
  private readonly seenIds = new Set<string>();
  private userId: string | undefined;

  constructor(private readonly botName: string) {}

  /** The token's user id; activities from it are the customer's. */
  setUserId(userId: string | undefined): void {
    this.userId = userId;
  }

  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  outgoing(clientActivityId: string, text: string, timestamp: string): Entry {
    const entry: Entry = { key: clientActivityId, id: undefined, sender: { kind: 'customer' }, text, markdown: false, timestamp, delivery: 'sending' };
    this.entries.set(entry.key, entry);
    return entry;
  }

  /** The POST answered with an id, or the echo arrived first; whichever comes second changes nothing. */
  delivered(clientActivityId: string, id: string): Entry | null {
    const entry = this.entries.get(clientActivityId);
    if (!entry || entry.id !== undefined) return null;
    this.seenIds.add(id);
    return this.replace({ ...entry, id, delivery: 'sent' });
  }

  failed(clientActivityId: string): Entry | null {
    const entry = this.entries.get(clientActivityId);
    if (!entry || entry.delivery !== 'sending') return null;
    return this.replace({ ...entry, delivery: 'failed' });
  }

  retrying(clientActivityId: string): Entry | null {
    const entry = this.entries.get(clientActivityId);
    if (!entry || entry.delivery !== 'failed') return null;
    return this.replace({ ...entry, delivery: 'sending' });
  }

  receive(activity: Activity): Received {
    const fromCustomer = this.isFromCustomer(activity);
    if (activity.type === 'typing') return fromCustomer ? { kind: 'ignored' } : { kind: 'typing', name: senderOf(activity, this.botName).name };
    if (activity.type !== 'message' && activity.type !== 'event') return { kind: 'ignored' };
    if (activity.id !== undefined && this.seenIds.has(activity.id)) return { kind: 'ignored' };
    if (activity.type === 'event') {
      if (fromCustomer) return { kind: 'ignored' };
      if (activity.id) this.seenIds.add(activity.id);
      return { kind: 'event' };
    }

    const clientActivityId = clientActivityIdOf(activity);
    if (fromCustomer && clientActivityId && this.entries.has(clientActivityId)) {
      // Our own echo. A second id for the same clientActivityID means a retry the server had already received.
      if (activity.id) this.seenIds.add(activity.id);
      const entry = activity.id ? this.delivered(clientActivityId, activity.id) : null;
      return entry ? { kind: 'update', entry } : { kind: 'ignored' };
    }
    if (activity.id) this.seenIds.add(activity.id);

    const text = activity.text ?? '';
    const suggestions = fromCustomer ? [] : suggestionsOf(activity);
    if (!text.trim()) return { kind: 'message', entry: null, suggestions };
    const sender: Sender = fromCustomer ? { kind: 'customer' } : senderOf(activity, this.botName);
    const entry: Entry = {
      key: clientActivityId ?? activity.id ?? `local-${this.entries.size}`,
      id: activity.id,
      sender,
      text,
      markdown: sender.kind === 'bot' && activity.textFormat !== 'plain',
      timestamp: activity.timestamp ?? new Date().toISOString(),
      delivery: 'sent',
      ...(!fromCustomer && activity.id && isKnowledgeAnswer(activity) ? { rating: 'unrated' as const } : {}),
    };
    this.entries.set(entry.key, entry);
    return { kind: 'message', entry, suggestions };
  }

  /** The customer rated an answer: the entry shows it (sending the rating is the chat's job). */
  rated(key: string, helpful: boolean): Entry | null {
    const entry = this.entries.get(key);
    if (!entry?.rating) return null;
    return this.replace({ ...entry, rating: helpful ? 'helpful' : 'unhelpful' });
  }

  private isFromCustomer(activity: Activity): boolean {
    const from = activity.from as { id?: string; role?: string } | undefined;
    if (from?.role === 'user') return true;
    return this.userId !== undefined && from?.id === this.userId;
  }

  private replace(entry: Entry): Entry {
    this.entries.set(entry.key, entry);
    return entry;
  }
}

function isKnowledgeAnswer(activity: Activity): boolean {
  return (activity.channelData as { knowledgeAnswer?: unknown } | undefined)?.knowledgeAnswer === true;
}

function clientActivityIdOf(activity: Activity): string | undefined {
  const id = (activity.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
  return typeof id === 'string' && id ? id : undefined;
}

/** Reps speak through the bot; the server marks their activities with channelData.sender. */
function senderOf(activity: Activity, botName: string): Extract<Sender, { name: string }> {
  const sender = (activity.channelData as { sender?: { kind?: unknown; name?: unknown } } | undefined)?.sender;
  if (sender?.kind === 'rep') return { kind: 'rep', name: typeof sender.name === 'string' && sender.name ? sender.name : 'Support agent' };
  return { kind: 'bot', name: activity.from?.name || botName };
}

/** imBack-style actions become buttons; actions that open URLs or carry non-text values are not offered. */
function suggestionsOf(activity: Activity): Suggestion[] {
  const actions: CardAction[] = (activity as { suggestedActions?: { actions?: CardAction[] } }).suggestedActions?.actions ?? [];
  return actions.flatMap((action): Suggestion[] => {
    if (action.type === 'imBack' || action.type === 'postBack') {
      const value = typeof action.value === 'string' ? action.value : '';
      return value ? [{ title: action.title || value, value }] : [];
    }
    if (action.type === 'messageBack') {
      const value = action.text ?? action.displayText ?? '';
      return value ? [{ title: action.title || action.displayText || value, value }] : [];
    }
    return [];
  });
}
