/**
 * The Direct Line connection behind a chat: gets a session (resuming the stored conversation when it can), runs
 * DirectLineJS on it, reports a customer-facing status, and recovers from expired tokens and forgotten
 * conversations by refreshing the token or starting a new conversation.
 */
import { ConnectionStatus, DirectLine, type Activity } from 'botframework-directlinejs';
import { SessionError, Sessions, type Session } from './session.ts';

export type Status = 'connecting' | 'online' | 'reconnecting' | 'offline' | 'expired' | 'busy' | 'failed';

export interface ConnectionEvents {
  status(status: Status): void;
  /** A DirectLine for `session` is starting; a resumed one replays the conversation's history. */
  attached(session: Session): void;
  /** `live`: the activity arrived now, rather than in a replayed history. */
  activity(activity: Activity, live: boolean): void;
  /** The stored conversation could not be continued and a new one is starting. */
  restarted(): void;
}

/** rxjs 5's Subscription, as far as we use it (rxjs is DirectLineJS's dependency, not ours). */
interface Subscription {
  unsubscribe(): void;
}

/** DirectLineJS refreshes its own token every 15 min but never hands it out; refresh the stored copy as often. */
const STORED_TOKEN_REFRESH_MS = 10 * 60_000;
/**
 * A resumed conversation's history is replayed as soon as the stream opens; activities in this window after going
 * online count as history. (Activity timestamps are server time, so they cannot be compared with the local clock.)
 */
const REPLAY_WINDOW_MS = 2000;

export class Connection {
  private session: Session | null = null;
  private current: DirectLine | null = null;
  private subscriptions: Subscription[] = [];
  private connecting: Promise<DirectLine | null> | null = null;
  private refreshTimer: ReturnType<typeof setInterval> | undefined;
  private state: Status = 'connecting';
  private wasOnline = false;
  private recovering = false;
  private liveAfter = Infinity;

  constructor(
    private readonly sessions: Sessions,
    private readonly events: ConnectionEvents,
  ) {
    window.addEventListener('offline', () => this.setStatus('offline'));
    window.addEventListener('online', () => this.state === 'offline' && this.setStatus(this.current ? 'online' : 'connecting'));
  }

  get status(): Status {
    return this.state;
  }

  get directLine(): DirectLine | null {
    return this.current;
  }

  get userId(): string | undefined {
    return this.session?.userId;
  }

  /** Connects once; later calls return the same attempt, or try again after a failure. */
  start(): Promise<DirectLine | null> {
    if (!this.connecting || this.state === 'failed') this.connecting = this.connect();
    return this.connecting;
  }

  private async connect(): Promise<DirectLine | null> {
    this.setStatus('connecting');
    try {
      const resumed = await this.sessions.resume();
      return this.attach(resumed ?? (await this.sessions.start()), resumed !== null);
    } catch (error) {
      if (error instanceof SessionError && error.retryAfterSeconds !== undefined) {
        // The server is shedding new conversations: say so, and try again when it asked us to.
        this.setStatus('busy');
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterSeconds! * 1000));
        return this.connect();
      }
      console.error('SupportWidget: could not start a chat', error);
      this.setStatus('failed');
      return null;
    }
  }

  private attach(session: Session, resume: boolean): DirectLine {
    this.detach();
    this.session = session;
    this.events.attached(session);
    const directLine = new DirectLine({
      domain: session.domain,
      token: session.token,
      // With a conversationId DirectLineJS resumes (GET /conversations/{id}) and the server replays the history.
      ...(resume ? { conversationId: session.conversationId } : {}),
      webSocket: true,
      WebSocket: watchedWebSocket((open) => this.current === directLine && this.onStream(open)),
    });
    this.current = directLine;
    this.liveAfter = Infinity;
    this.subscriptions = [
      directLine.connectionStatus$.subscribe((status) => this.onConnectionStatus(status, resume)),
      directLine.activity$.subscribe({
        next: (activity) => this.events.activity(activity, Date.now() >= this.liveAfter),
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
    this.current?.end();
    this.current = null;
  }

  private onConnectionStatus(status: ConnectionStatus, resumed: boolean): void {
    switch (status) {
      case ConnectionStatus.Uninitialized:
      case ConnectionStatus.Connecting:
        return this.setStatus(this.wasOnline ? 'reconnecting' : 'connecting');
      case ConnectionStatus.Online:
        this.wasOnline = true;
        if (this.liveAfter === Infinity) this.liveAfter = resumed ? Date.now() + REPLAY_WINDOW_MS : 0;
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

  /**
   * DirectLineJS stays "Online" while it silently reopens a dropped stream (after 3–15 s), so the socket's own
   * open/close events are what tell the customer that replies are delayed.
   */
  private onStream(open: boolean): void {
    if (!open && this.state === 'online') this.setStatus('reconnecting');
    else if (open && this.state === 'reconnecting') this.setStatus('online');
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
    this.events.restarted();
    this.connecting = this.connect();
    await this.connecting;
  }

  private async refreshStoredToken(): Promise<void> {
    if (!this.session || this.state !== 'online') return;
    try {
      this.session = (await this.sessions.refresh(this.session)) ?? this.session;
    } catch (error) {
      console.warn('SupportWidget: token refresh failed; will retry', error);
    }
  }

  private setStatus(status: Status): void {
    this.state = status;
    this.events.status(status);
  }
}

/** The browser's WebSocket, reporting when each stream opens and closes. */
function watchedWebSocket(onChange: (open: boolean) => void): typeof WebSocket {
  return class WatchedWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => onChange(true));
      this.addEventListener('close', () => onChange(false));
    }
  };
}

function logAsNull(error: unknown): null {
  console.warn('SupportWidget: token refresh failed', error);
  return null;
}
