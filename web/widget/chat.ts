/**
 * One customer's conversation over DirectLineJS: connects (resuming a stored conversation when it can), turns
 * activities into transcript changes for the view, posts messages with our own clientActivityID, and recovers
 * from expired tokens by refreshing or starting a new conversation.
 */
import { ConnectionStatus, DirectLine, type Activity } from 'botframework-directlinejs';
import { Sessions, type Session } from './session.ts';
import { Transcript, type Entry, type Suggestion } from './transcript.ts';

export type Status = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'expired' | 'failed';

/** What the chat needs from the screen. */
export interface ChatView {
  render(entry: Entry, isNew: boolean): void;
  notice(text: string): void;
  showTyping(name: string | null): void;
  showSuggestions(suggestions: Suggestion[]): void;
  showStatus(status: Status): void;
}

/** rxjs 5's Subscription, as far as we use it (rxjs is DirectLineJS's dependency, not ours). */
interface Subscription {
  unsubscribe(): void;
}

const TYPING_SHOWN_MS = 3000;
const TYPING_SEND_INTERVAL_MS = 3000;
/** DirectLineJS refreshes its own token every 15 min but never hands it out; refresh the stored copy as often. */
const STORED_TOKEN_REFRESH_MS = 10 * 60_000;

export class Chat {
  private readonly transcript: Transcript;
  private session: Session | null = null;
  private directLine: DirectLine | null = null;
  private subscriptions: Subscription[] = [];
  private connecting: Promise<DirectLine | null> | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setInterval> | undefined;
  private lastTypingSent = 0;
  private status: Status = 'connecting';
  private wasOnline = false;
  private recovering = false;

  constructor(
    private readonly view: ChatView,
    private readonly sessions: Sessions,
    botName: string,
  ) {
    this.transcript = new Transcript(botName);
    window.addEventListener('offline', () => this.setStatus('offline'));
    window.addEventListener('online', () => this.status === 'offline' && this.setStatus(this.directLine ? 'online' : 'connecting'));
  }

  /** Connects once; later calls return the same attempt (or retry after a failure). */
  start(): Promise<DirectLine | null> {
    if (!this.connecting || this.status === 'failed') this.connecting = this.connect();
    return this.connecting;
  }

  send(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const entry = this.transcript.outgoing(crypto.randomUUID(), trimmed, new Date().toISOString());
    this.view.render(entry, true);
    this.view.showSuggestions([]);
    void this.post(entry);
  }

  retry(key: string): void {
    const entry = this.transcript.retrying(key);
    if (!entry) return;
    this.view.render(entry, false);
    void this.post(entry);
  }

  pick(suggestion: Suggestion): void {
    this.send(suggestion.value);
  }

  /** Called on every keystroke; tells the bot at most every few seconds. */
  customerTyping(): void {
    const now = Date.now();
    if (!this.directLine || this.status !== 'online' || now - this.lastTypingSent < TYPING_SEND_INTERVAL_MS) return;
    this.lastTypingSent = now;
    this.directLine.postActivity({ type: 'typing', from: this.customer() }).subscribe({
      error: (error: unknown) => console.debug('SupportWidget: typing activity not sent', error),
    });
  }

  private async connect(): Promise<DirectLine | null> {
    this.setStatus('connecting');
    try {
      const resumed = await this.sessions.resume();
      return this.attach(resumed ?? (await this.sessions.start()), resumed !== null);
    } catch (error) {
      console.error('SupportWidget: could not start a chat', error);
      this.setStatus('failed');
      return null;
    }
  }

  private attach(session: Session, resume: boolean): DirectLine {
    this.detach();
    this.session = session;
    this.transcript.setUserId(session.userId);
    const directLine = new DirectLine({
      domain: session.domain,
      token: session.token,
      // With a conversationId DirectLineJS resumes (GET /conversations/{id}) and the server replays the history.
      ...(resume ? { conversationId: session.conversationId } : {}),
      webSocket: true,
    });
    this.directLine = directLine;
    this.subscriptions = [
      directLine.connectionStatus$.subscribe((status) => this.onConnectionStatus(status, resume)),
      directLine.activity$.subscribe({
        next: (activity) => this.onActivity(activity),
        error: (error: unknown) => console.warn('SupportWidget: activity stream ended', error),
      }),
    ];
    this.refreshTimer = setInterval(() => void this.refreshStoredToken(), STORED_TOKEN_REFRESH_MS);
    return directLine;
  }

  private detach(): void {
    // Unsubscribe before end(): end() reports Ended, which must not look like the server ending the chat.
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
    clearInterval(this.refreshTimer);
    this.directLine?.end();
    this.directLine = null;
  }

  private onConnectionStatus(status: ConnectionStatus, resumed: boolean): void {
    switch (status) {
      case ConnectionStatus.Uninitialized:
      case ConnectionStatus.Connecting:
        return this.setStatus(this.wasOnline ? 'reconnecting' : 'connecting');
      case ConnectionStatus.Online:
        this.wasOnline = true;
        if (!resumed && this.session) this.sessions.save(this.session);
        return this.setStatus(navigator.onLine === false ? 'offline' : 'online');
      case ConnectionStatus.ExpiredToken:
        return void this.recover();
      case ConnectionStatus.FailedToConnect:
      case ConnectionStatus.Ended:
        // A stored conversation the server no longer knows: start a new one. A new one failing is an outage.
        if (resumed || status === ConnectionStatus.Ended) return void this.startOver();
        return this.setStatus('failed');
    }
  }

  /** Expired token: a refresh keeps the conversation; otherwise it is gone and a new one starts. */
  private async recover(): Promise<void> {
    if (this.recovering) return; // DirectLineJS may report ExpiredToken more than once
    this.recovering = true;
    this.setStatus('expired');
    try {
      const refreshed = this.session ? await this.sessions.refresh(this.session).catch(logAsNull) : null;
      if (refreshed) this.attach(refreshed, true);
      else await this.startOver();
    } finally {
      this.recovering = false;
    }
  }

  private async startOver(): Promise<void> {
    this.detach();
    this.sessions.forget();
    this.view.notice('Your previous chat has ended. A new conversation has started.');
    this.view.showSuggestions([]);
    this.connecting = this.connect();
    await this.connecting;
  }

  private async refreshStoredToken(): Promise<void> {
    if (!this.session || this.status !== 'online') return;
    try {
      this.session = (await this.sessions.refresh(this.session)) ?? this.session;
    } catch (error) {
      console.warn('SupportWidget: token refresh failed; will retry', error);
    }
  }

  private onActivity(activity: Activity): void {
    const received = this.transcript.receive(activity);
    switch (received.kind) {
      case 'typing':
        clearTimeout(this.typingTimer);
        this.view.showTyping(received.name);
        this.typingTimer = setTimeout(() => this.view.showTyping(null), TYPING_SHOWN_MS);
        return;
      case 'update':
        return this.view.render(received.entry, false);
      case 'message':
        if (received.entry) {
          if (received.entry.sender.kind !== 'customer') this.stopTyping();
          this.view.render(received.entry, true);
        }
        // Suggested actions belong to the newest message only; any later message replaces them.
        this.view.showSuggestions(received.suggestions);
        return;
      case 'ignored':
        return;
    }
  }

  private async post(entry: Entry): Promise<void> {
    const directLine = this.directLine ?? (await this.start());
    if (!directLine) {
      this.onPostFailed(entry.key, new Error('not connected'));
      return;
    }
    const activity = {
      type: 'message' as const,
      text: entry.text,
      textFormat: 'plain' as const,
      from: this.customer(),
      locale: navigator.language,
      channelData: { clientActivityID: entry.key },
    };
    directLine.postActivity(activity).subscribe({
      next: (id: string) => {
        const sent = this.transcript.delivered(entry.key, id);
        if (sent) this.view.render(sent, false);
      },
      error: (error: unknown) => this.onPostFailed(entry.key, error),
    });
  }

  private onPostFailed(key: string, error: unknown): void {
    console.warn('SupportWidget: message not sent', error);
    const failed = this.transcript.failed(key);
    if (failed) this.view.render(failed, false);
  }

  private stopTyping(): void {
    clearTimeout(this.typingTimer);
    this.view.showTyping(null);
  }

  private customer(): { id: string; role: 'user' } {
    return { id: this.session?.userId ?? '', role: 'user' };
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.view.showStatus(status);
  }
}

function logAsNull(error: unknown): null {
  console.warn('SupportWidget: token refresh failed', error);
  return null;
}
