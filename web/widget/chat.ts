/**
 * One customer's conversation: turns activities into transcript changes for the view, posts the customer's
 * messages with our own clientActivityID (so a retry is recognisably the same message), and handles typing,
 * suggested actions and where a live handoff stands. The Direct Line connection itself is Connection's job.
 */
import type { Activity } from 'botframework-directlinejs';
import { Connection, type Status } from './connection.ts';
import { advance, BOT, LEAVE_MESSAGE, signalOf, type Phase, type Rep, type Signal } from './handoff.ts';
import type { Sessions } from './session.ts';
import { Transcript, type Entry, type Suggestion } from './transcript.ts';

export type { Status };

/** What the chat needs from the screen. */
export interface ChatView {
  /** `live`: the message arrived now, rather than in a replayed history (only live ones count as unread). */
  render(entry: Entry, live: boolean): void;
  notice(text: string): void;
  showTyping(name: string | null): void;
  showSuggestions(suggestions: Suggestion[]): void;
  showStatus(status: Status): void;
  /** The handoff's phase changed: banner while waiting, leave-a-message form when nobody can serve. */
  showHandoff(phase: Phase): void;
  /** The bot's "<name> has joined" message, drawn as the person arriving. */
  repJoined(entry: Entry, rep: Rep, live: boolean): void;
  /** The person finished the chat (the bot carries on below the divider). */
  handoffEnded(): void;
}

const TYPING_SHOWN_MS = 3000;
const TYPING_SEND_INTERVAL_MS = 3000;

export class Chat {
  private readonly transcript: Transcript;
  private readonly connection: Connection;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSent = 0;
  private phase: Phase = BOT;

  constructor(
    private readonly view: ChatView,
    sessions: Sessions,
    botName: string,
  ) {
    this.transcript = new Transcript(botName);
    this.connection = new Connection(sessions, {
      status: (status) => view.showStatus(status),
      attached: (session) => this.transcript.setUserId(session.userId),
      activity: (activity, live) => this.onActivity(activity, live),
      restarted: () => {
        view.notice('Your previous chat has ended. A new conversation has started.');
        view.showSuggestions([]);
        this.setPhase(BOT);
      },
    });
  }

  /** Connects (once; again after a failure). */
  start(): void {
    void this.connection.start();
  }

  /** Resolves with whether the server took the message (a failed one stays in the log with a Retry button). */
  send(text: string): Promise<boolean> {
    const trimmed = text.trim();
    if (!trimmed) return Promise.resolve(false);
    const entry = this.transcript.outgoing(crypto.randomUUID(), trimmed, new Date().toISOString());
    this.view.render(entry, true);
    this.view.showSuggestions([]);
    return this.post(entry);
  }

  /**
   * The leave-a-message form: the same two messages a customer would type ("Leave a message", then the message),
   * so the bot's flow is unchanged. The second is posted only once the first is stored, as the bot must have taken
   * the choice before the message arrives. False when the choice could not be sent.
   */
  async leaveMessage(text: string): Promise<boolean> {
    if (!(await this.send(LEAVE_MESSAGE))) return false;
    void this.send(text);
    return true;
  }

  retry(key: string): void {
    const entry = this.transcript.retrying(key);
    if (!entry) return;
    this.view.render(entry, false);
    void this.post(entry);
  }

  pick(suggestion: Suggestion): void {
    void this.send(suggestion.value);
  }

  /** Thumbs up or down on a knowledge answer: an event the bot stores against the article it quoted. */
  rate(key: string, helpful: boolean): void {
    const entry = this.transcript.rated(key, helpful);
    const directLine = this.connection.directLine;
    if (!entry?.id || !directLine) return;
    this.view.render(entry, false);
    directLine
      .postActivity({ type: 'event', name: 'knowledge.feedback', value: { activityId: entry.id, helpful }, from: this.customer() })
      .subscribe({ error: (error: unknown) => console.warn('SupportWidget: rating not sent', error) });
  }

  /** Called on every keystroke; tells the bot at most every few seconds. */
  customerTyping(): void {
    const directLine = this.connection.directLine;
    const now = Date.now();
    if (!directLine || this.connection.status !== 'online' || now - this.lastTypingSent < TYPING_SEND_INTERVAL_MS) return;
    this.lastTypingSent = now;
    directLine.postActivity({ type: 'typing', from: this.customer() }).subscribe({
      error: (error: unknown) => console.debug('SupportWidget: typing activity not sent', error),
    });
  }

  private onActivity(activity: Activity, live: boolean): void {
    const received = this.transcript.receive(activity);
    switch (received.kind) {
      case 'typing':
        clearTimeout(this.typingTimer);
        this.view.showTyping(received.name);
        this.typingTimer = setTimeout(() => this.view.showTyping(null), TYPING_SHOWN_MS);
        return;
      case 'update':
        this.view.render(received.entry, false);
        return this.delivered(received.entry);
      case 'message': {
        const entry = received.entry;
        const signal = entry?.sender.kind === 'customer' ? null : signalOf(activity);
        if (entry?.sender.kind === 'customer') {
          this.view.render(entry, live);
          this.delivered(entry); // a replayed message of ours: its choice counts as it did then
        } else if (entry) {
          this.stopTyping();
          if (signal?.kind === 'accepted') this.view.repJoined(entry, signal.rep, live);
          else this.view.render(entry, live);
        }
        if (signal) this.apply(signal);
        // Suggested actions belong to the newest message only; any later message replaces them.
        this.view.showSuggestions(received.suggestions);
        return;
      }
      case 'event': {
        const signal = signalOf(activity);
        if (signal) this.apply(signal);
        return;
      }
      case 'ignored':
        return;
    }
  }

  /** A customer message reached the server (its POST answered, or its echo or replay arrived). */
  private delivered(entry: Entry): void {
    this.apply({ kind: 'customer', text: entry.text });
  }

  private apply(signal: Signal): void {
    const before = this.phase;
    if (signal.kind === 'completed' && before.kind !== 'bot') this.view.handoffEnded();
    this.setPhase(advance(before, signal));
  }

  private setPhase(phase: Phase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    this.view.showHandoff(phase);
  }

  private async post(entry: Entry): Promise<boolean> {
    const directLine = this.connection.directLine ?? (await this.connection.start());
    if (!directLine) return this.onPostFailed(entry.key, new Error('not connected'));
    const activity = {
      type: 'message' as const,
      text: entry.text,
      textFormat: 'plain' as const,
      from: this.customer(),
      locale: navigator.language,
      channelData: { clientActivityID: entry.key },
    };
    return new Promise((resolve) => {
      directLine.postActivity(activity).subscribe({
        next: (id: string) => {
          // DirectLineJS reports network errors, 5xx and 403 not as errors but as the id "retry".
          if (id === 'retry') return resolve(this.onPostFailed(entry.key, new Error('Direct Line answered "retry"')));
          const sent = this.transcript.delivered(entry.key, id);
          if (sent) {
            this.view.render(sent, false);
            this.delivered(sent);
          }
          resolve(true);
        },
        error: (error: unknown) => resolve(this.onPostFailed(entry.key, error)),
      });
    });
  }

  private onPostFailed(key: string, error: unknown): false {
    console.warn('SupportWidget: message not sent', error);
    const failed = this.transcript.failed(key);
    if (failed) this.view.render(failed, false);
    return false;
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    this.view.showTyping(null);
  }

  private customer(): { id: string; role: 'user' } {
    return { id: this.connection.userId ?? '', role: 'user' };
  }
}
