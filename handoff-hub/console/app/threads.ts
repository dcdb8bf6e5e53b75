import type { HubClient } from './hub-client.ts';
import { recall, remember } from './storage.ts';
import { Thread } from './thread.ts';
import type { ChatMessage, ConversationDetail } from './types.ts';

/**
 * The conversations this console holds, joined on the hub: a (re)join asks for everything after the last seq held,
 * so reconnects and missed messages fill in without doubles. What the rep has read is remembered in this browser.
 */
export class Threads {
  readonly #threads = new Map<string, Thread>();
  readonly #joining = new Map<string, Promise<Thread>>();
  readonly #readKey: string;

  constructor(
    private readonly hub: HubClient,
    accountId: string,
  ) {
    this.#readKey = `hub-console:read:${accountId}`;
  }

  get(id: string): Thread | undefined {
    return this.#threads.get(id);
  }

  ensure(id: string): Thread {
    let thread = this.#threads.get(id);
    if (!thread) {
      thread = new Thread(id);
      const read = this.#readMarks()[id];
      if (read !== undefined) thread.lastReadSeq = read;
      this.#threads.set(id, thread);
    }
    return thread;
  }

  /** Joins (or rejoins) the conversation's room and fetches what is missing; one join at a time per conversation. */
  join(id: string): Promise<Thread> {
    const running = this.#joining.get(id);
    if (running) return running;
    const thread = this.ensure(id);
    const joining = (async () => {
      const firstTime = !thread.loaded;
      for (let more = true; more; ) {
        const r = await this.hub.request<{ conversation: ConversationDetail; messages: ChatMessage[]; more: boolean }>('conversation:join', { conversationId: id, afterSeq: thread.lastSeq });
        thread.detail = r.conversation;
        for (const m of r.messages) thread.add(m);
        more = r.more && r.messages.length > 0;
      }
      thread.loaded = true;
      // Without a mark from earlier, what was there when the rep first opened it counts as read.
      if (firstTime && this.#readMarks()[id] === undefined) this.markRead(thread);
      return thread;
    })().finally(() => this.#joining.delete(id));
    this.#joining.set(id, joining);
    return joining;
  }

  /** Adds a live message; a gap before it is filled by a rejoin. */
  receive(message: ChatMessage): Thread | undefined {
    const thread = this.#threads.get(message.conversationId);
    if (!thread) return undefined;
    if (thread.add(message) === 'gap') void this.join(thread.id).catch(() => undefined); // the next reconnect retries
    return thread;
  }

  markRead(thread: Thread): boolean {
    if (!thread.markRead()) return false;
    const marks = this.#readMarks();
    marks[thread.id] = thread.lastReadSeq;
    this.#saveMarks(marks);
    return true;
  }

  /** Forgets read marks of conversations no longer open for this rep, so the stored list stays short. */
  keepMarks(ids: ReadonlySet<string>): void {
    const marks = this.#readMarks();
    for (const id of Object.keys(marks)) if (!ids.has(id)) delete marks[id];
    this.#saveMarks(marks);
  }

  #readMarks(): Record<string, number> {
    try {
      const parsed: unknown = JSON.parse(recall(this.#readKey) ?? '{}');
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
    } catch {
      return {}; // an unreadable entry (another version, a manual edit): unread counts start from now
    }
  }

  #saveMarks(marks: Record<string, number>): void {
    remember(this.#readKey, JSON.stringify(marks));
  }
}
