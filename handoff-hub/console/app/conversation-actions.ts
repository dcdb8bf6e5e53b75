import type { ConsoleApp } from './console-app.ts';
import type { Disposition } from '../../routing/index.ts';
import { askTransfer, askWrapUp, type TransferTargets, type TransferTo } from './dialogs.ts';
import type { FloorActions } from './floor.ts';
import { messageOf } from './format.ts';
import { HubError } from './hub-client.ts';
import type { PaneActions } from './conversation-pane.ts';
import type { Thread } from './thread.ts';
import type { OfferActions } from './offers.ts';
import type { ChatMessage, ConversationDetail, Directory, KnowledgeSuggestion, Offer } from './types.ts';

/** The rep tells the hub at most this often that they are typing (the customer sees it for a few seconds). */
const TYPING_EVERY_MS = 2500;

/**
 * What the rep (or a supervisor) does to a conversation: send, retry, typing, transfer, hand back, end, wrap up,
 * reassign, take. Each is one hub request; the hub's answer (or refusal) is shown, and its events redraw the views.
 */
export class ConversationActions {
  #typingSent = 0;

  /** The hub's wrap-up codes, asked for once (they change only with the queues file, at a restart). */
  #dispositions: Promise<readonly Disposition[]> | null = null;

  constructor(private readonly app: ConsoleApp) {}

  paneActions(): PaneActions {
    return {
      send: (text, internal) => this.#open((t) => this.#send(t, { clientId: newClientId(), text, internal })),
      retry: (clientId) =>
        this.#open((t) => {
          const p = t.pending.get(clientId);
          return p ? this.#send(t, p) : Promise.resolve();
        }),
      typing: () => this.#open(async (t) => this.#typing(t)),
      fillCanned: (r) => this.app.fillCanned(r),
      suggest: (query) => this.#suggest(query),
      // From someone else's conversation (a supervisor monitoring it), a transfer moves it away from its rep.
      transfer: () => this.#open((t) => this.#transfer(t, t.detail?.repId !== this.app.account.id)),
      handBack: () => this.#open((t) => this.#request(t, 'handback', {}, 'Handed back to the bot.')),
      end: () =>
        this.#open(async (t) => {
          if (await this.#request(t, 'close', {}, 'The chat has ended: wrap it up.')) await this.#wrapUp(t);
        }),
      wrapUp: () => this.#open((t) => this.#wrapUp(t)),
    };
  }

  offerActions(): OfferActions {
    return {
      accept: (offer) => void this.#answerOffer(offer, 'accept'),
      decline: (offer) => void this.#answerOffer(offer, 'decline'),
    };
  }

  floorActions(): FloorActions {
    return {
      monitor: (id) => void this.app.open(id),
      reassign: (id) =>
        void this.app.threads.join(id).then(
          (t) => this.#transfer(t, true),
          (error: unknown) => this.app.say(`Could not open it: ${messageOf(error)}`),
        ),
      take: (id) => void this.#take(id),
    };
  }

  async #answerOffer(offer: Offer, answer: 'accept' | 'decline'): Promise<void> {
    const { offers } = this.app;
    try {
      await this.app.hub.request(`offer:${answer}`, { conversationId: offer.conversationId, offerId: offer.offerId });
    } catch (error) {
      const gone = error instanceof HubError && ['offer-expired', 'conflict', 'not-found', 'forbidden'].includes(error.code);
      if (gone) offers.remove(offer.conversationId, `The offer is no longer open: ${messageOf(error)}`);
      else offers.retry(offer.conversationId);
      this.app.say(gone ? 'That offer is no longer open.' : `Could not answer the offer: ${messageOf(error)}`);
      return;
    }
    if (answer === 'decline') return offers.remove(offer.conversationId, 'Offer declined.');
    offers.remove(offer.conversationId, `Accepted: ${offer.customerName ?? 'the customer'} is yours.`);
    await this.app.open(offer.conversationId);
    await this.app.refreshMine();
  }

  /** Runs an action on the open conversation. */
  #open(fn: (thread: Thread) => Promise<unknown>): void {
    const thread = this.app.selected ? this.app.threads.get(this.app.selected) : undefined;
    if (thread) fn(thread).catch((error: unknown) => this.app.say(messageOf(error)));
  }

  async #send(thread: Thread, p: { clientId: string; text: string; internal: boolean }): Promise<void> {
    thread.pending.set(p.clientId, { ...p, status: 'sending' });
    this.app.pane.update(thread);
    try {
      const { message } = await this.app.hub.request<{ message: ChatMessage }>('message:send', { conversationId: thread.id, clientId: p.clientId, text: p.text, internal: p.internal });
      thread.pending.delete(p.clientId);
      thread.sent(message);
    } catch (error) {
      // Kept with its clientId: a retry after a lost acknowledgement is stored once.
      thread.pending.set(p.clientId, { ...p, status: 'failed', error: messageOf(error) });
    }
    this.app.pane.update(thread);
  }

  #typing(thread: Thread): void {
    const now = Date.now();
    if (now - this.#typingSent < TYPING_EVERY_MS || thread.detail?.state !== 'active') return;
    this.#typingSent = now;
    this.app.hub.notify('typing', { conversationId: thread.id });
  }

  async #suggest(query: string): Promise<{ query: string; suggestions: KnowledgeSuggestion[] }> {
    const id = this.app.selected;
    if (!id) return { query: '', suggestions: [] };
    return this.app.hub.request('knowledge:suggest', query ? { conversationId: id, query } : { conversationId: id });
  }

  async #transfer(thread: Thread, reassign: boolean): Promise<void> {
    // Supervisors have the floor already; reps ask the hub who and where they can transfer to.
    const targets: TransferTargets | null = this.app.overview ?? (await this.app.hub.request<Directory>('directory', {}).catch(() => null));
    const customer = customerOf(thread.detail);
    const answer = await askTransfer({ title: `${reassign ? 'Reassign' : 'Transfer'} the conversation with ${customer}`, targets, excludeRep: thread.detail?.repId ?? null });
    if (!answer) return;
    await this.#request(thread, 'transfer', { to: answer.to, note: answer.note }, `Transferred ${describe(answer.to, targets)}.`);
  }

  async #wrapUp(thread: Thread): Promise<void> {
    this.#dispositions ??= this.app.hub.request<{ dispositions: Disposition[] }>('dispositions:list', {}).then((r) => r.dispositions);
    let dispositions: readonly Disposition[];
    try {
      dispositions = await this.#dispositions;
    } catch (error) {
      this.#dispositions = null;
      this.app.say(`Could not load the wrap-up codes: ${messageOf(error)}`);
      return;
    }
    const answer = await askWrapUp(customerOf(thread.detail), dispositions);
    if (!answer) return;
    await this.#request(thread, 'wrapup', answer, 'Wrapped up and closed.');
  }

  async #take(id: string): Promise<void> {
    try {
      await this.app.hub.request('queue:pick', { conversationId: id });
      await this.app.open(id);
      await this.app.refreshMine();
    } catch (error) {
      this.app.say(`Could not take it: ${messageOf(error)}`);
    }
  }

  /** One conversation request; the answer's view updates the thread. Says what happened; false when refused. */
  async #request(thread: Thread, event: 'transfer' | 'handback' | 'close' | 'wrapup', extra: object, done: string): Promise<boolean> {
    try {
      const r = await this.app.hub.request<{ conversation: ConversationDetail }>(event, { conversationId: thread.id, ...extra } as never);
      thread.detail = r.conversation;
      this.app.pane.update(thread);
      this.app.say(done);
      this.app.later('mine', 0, () => this.app.refreshMine());
      return true;
    } catch (error) {
      this.app.say(error instanceof HubError ? `Not done: ${error.message}` : messageOf(error));
      return false;
    }
  }
}

function customerOf(detail: ConversationDetail | null): string {
  return detail?.context.customer.name ?? 'the customer';
}

function describe(to: TransferTo, targets: TransferTargets | null): string {
  if ('repId' in to) return `to ${targets?.reps.find((r) => r.id === to.repId)?.name ?? to.repId}`;
  return `to the ${targets?.queues.find((q) => q.id === to.queueId)?.name ?? to.queueId} queue`;
}

/** Random and unique per send (crypto.randomUUID needs a secure context; plain-http LAN consoles have none). */
function newClientId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
