import { signOut, type Signed, whoAmI } from './api.ts';
import { ConversationList } from './conversation-list.ts';
import { ConversationPane } from './conversation-pane.ts';
import { h } from './dom.ts';
import { FloorView } from './floor.ts';
import { fillCanned, messageOf } from './format.ts';
import { type ConnectionStatus, HubClient } from './hub-client.ts';
import { OfferStack } from './offers.ts';
import { ConversationActions } from './conversation-actions.ts';
import { Threads } from './threads.ts';
import { CustomerTyping } from './typing.ts';
import { type Page, TopBar } from './topbar.ts';
import { type Account, type CannedResponse, type ConversationSummary, type Overview, oversees, type Presence } from './types.ts';

/**
 * The signed-in console: wires the hub's events to the views and the views' buttons to the hub. What a button does
 * to a conversation lives in ConversationActions; this class keeps the lists, the open conversation and the page.
 */
export class ConsoleApp {
  readonly hub: HubClient;
  readonly threads: Threads;
  readonly pane: ConversationPane;
  readonly #topbar: TopBar;
  readonly offers: OfferStack;
  readonly #list: ConversationList;
  readonly #floor: FloorView | null;
  readonly #toast = h('p', { class: 'toast', role: 'status' });
  readonly #actions: ConversationActions;
  readonly #typing = new CustomerTyping();
  #account: Account;
  /** The status the hub has for this rep (what the top bar shows). */
  #presence: Presence = 'available';
  #mine: ConversationSummary[] = [];
  #selected: string | null = null;
  #page: Page = 'conversations';
  #overview: Overview | null = null;
  #canned: CannedResponse[] | null = null;
  #timers = new Map<string, number>();
  #toastTimer = 0;
  readonly #typingTimer: number;
  readonly #floorTimer: number;
  readonly #onVisible = () => this.#markOpenRead();

  constructor(
    root: HTMLElement,
    private readonly signed: Signed,
    private readonly o: { signedOut(notice: string): void },
  ) {
    this.#account = signed.account;
    this.hub = new HubClient({ online: () => void this.#online(), status: (s) => this.#connection(s), closedByServer: () => void this.#closedByServer() });
    this.threads = new Threads(this.hub, this.#account.id);
    this.#actions = new ConversationActions(this);
    this.#topbar = new TopBar(this.#account, { presence: (p) => void this.#setPresence(p), page: (p) => this.showPage(p), signOut: () => void this.signOut() });
    this.offers = new OfferStack(this.#actions.offerActions());
    this.#list = new ConversationList((id) => void this.open(id));
    this.pane = new ConversationPane(this.#account.id, this.#actions.paneActions());
    this.#floor = oversees(this.#account) ? new FloorView(this.#actions.floorActions()) : null;
    const main = h('main', { class: 'main', id: 'main' }, this.pane.element, this.#floor?.element ?? null);
    const sidebar = h('aside', { class: 'sidebar', 'aria-label': 'Offers and my conversations' }, this.offers.element, this.#list.element);
    root.replaceChildren(h('div', { class: 'app' }, this.#topbar.element, h('div', { class: 'body' }, sidebar, main), this.#toast));
    this.#topbar.setPresence(this.#presence);
    this.#topbar.setLoad(0, this.#account.capacity);
    this.showPage('conversations');
    this.#listen();
    this.#typingTimer = window.setInterval(() => this.#typing.expire() && this.#renderTyping(), 1000);
    // Events keep the floor current; this catches what no event announces (capacity edited by an admin).
    this.#floorTimer = window.setInterval(() => this.#page === 'floor' && void this.refreshOverview(), 15_000);
    document.addEventListener('visibilitychange', this.#onVisible);
    this.hub.connect();
  }

  /** Stops everything this console runs (the page goes back to sign-in). */
  dispose(): void {
    this.hub.disconnect();
    this.offers.dispose();
    this.#floor?.dispose();
    window.clearInterval(this.#typingTimer);
    window.clearInterval(this.#floorTimer);
    window.clearTimeout(this.#toastTimer);
    for (const timer of this.#timers.values()) window.clearTimeout(timer);
    document.removeEventListener('visibilitychange', this.#onVisible);
  }

  get account(): Account {
    return this.#account;
  }

  get selected(): string | null {
    return this.#selected;
  }

  get overview(): Overview | null {
    return this.#overview;
  }

  #listen(): void {
    this.hub.on('offer', (offer) => this.offers.add(offer, { alert: true }));
    this.hub.on('offer:withdrawn', (w) => {
      const why = { 'accepted-elsewhere': 'it was taken by someone else', expired: 'the time to answer ran out', 'customer-left': 'the customer left' }[w.why];
      if (this.offers.has(w.conversationId)) this.offers.remove(w.conversationId, `Offer withdrawn: ${why}.`);
    });
    this.hub.on('message', (m) => {
      const thread = this.threads.receive(m);
      if (thread) this.#threadChanged(thread.id);
      if (m.from.kind === 'customer' && this.#typing.wrote(m.conversationId)) this.#renderTyping();
    });
    this.hub.on('typing', (t) => {
      if (t.from.kind === 'customer' && this.#typing.typed(t.conversationId)) this.#renderTyping();
    });
    this.hub.on('delivered', (d) => {
      this.threads.get(d.conversationId)?.markDelivered(d.messageId);
      this.#threadChanged(d.conversationId);
    });
    this.hub.on('conversation:state', (s) => {
      const thread = this.threads.get(s.conversationId);
      if (thread?.detail) thread.detail = { ...thread.detail, state: s.state, repId: s.repId, queueId: s.queueId };
      if (s.repId === this.#account.id && s.state === 'wrap-up' && thread?.detail) this.say(`The chat with ${thread.detail.context.customer.name ?? 'the customer'} has ended: wrap it up.`);
      this.#threadChanged(s.conversationId);
      this.later('mine', 150, () => this.refreshMine());
      this.later('overview', 300, () => this.refreshOverview());
    });
    for (const event of ['presence', 'queue:position'] as const) this.hub.on(event, () => this.later('overview', 300, () => this.refreshOverview()));
  }

  /** Connected (again): restate presence, then fetch offers, chats and everything missed. */
  async #online(): Promise<void> {
    try {
      const fresh = await whoAmI();
      if (!fresh) return this.o.signedOut('Your session has ended. Sign in again.');
      this.#account = fresh.account;
      // The status this rep last chose, on this device or another: the hub keeps it.
      await this.#setPresence((await this.hub.request<{ presence: Presence }>('presence:get', {})).presence);
      await this.refreshMine();
      const open = this.#selected ? this.threads.get(this.#selected) : undefined;
      if (open && !this.#mine.some((c) => c.id === open.id)) await this.threads.join(open.id);
      this.#canned ??= (await this.hub.request<{ responses: CannedResponse[] }>('canned:list', {})).responses;
      this.pane.composer.setCanned(this.#canned);
      await this.refreshOverview();
      if (open) this.#threadChanged(open.id);
    } catch (error) {
      this.say(`Could not load everything from the hub: ${messageOf(error)}`);
    }
  }

  /** The rep's offers and chats; each chat is joined so its messages (and unread counts) arrive live. */
  async refreshMine(): Promise<void> {
    const { conversations } = await this.hub.request<{ conversations: ConversationSummary[] }>('conversations:mine', {});
    this.#mine = conversations.filter((c) => c.state === 'active' || c.state === 'wrap-up');
    this.offers.keepOnly(new Set(conversations.filter((c) => c.offer).map((c) => c.id)));
    this.threads.keepMarks(new Set(this.#mine.map((c) => c.id)));
    await Promise.all(this.#mine.map((c) => this.threads.join(c.id).catch((error: unknown) => this.say(`Could not load a conversation: ${messageOf(error)}`))));
    this.#topbar.setLoad(this.#mine.length, this.#account.capacity);
    this.#renderList();
    if (this.#selected) this.#threadChanged(this.#selected);
  }

  async refreshOverview(): Promise<void> {
    if (!this.#floor) return;
    try {
      this.#overview = await this.hub.request<Overview>('overview', {});
      this.#floor.render(this.#overview);
    } catch (error) {
      this.say(`Could not refresh the floor: ${messageOf(error)}`);
    }
  }

  /** Opens a conversation in the workspace (joining it first if needed). */
  async open(id: string): Promise<void> {
    this.#selected = id;
    if (this.#page !== 'conversations') this.showPage('conversations');
    const thread = this.threads.ensure(id);
    try {
      if (!thread.loaded) await this.threads.join(id);
    } catch (error) {
      this.say(`Could not open the conversation: ${messageOf(error)}`);
      return;
    }
    if (this.#selected !== id) return;
    this.pane.show(thread, this.#modeOf(id));
    this.#threadChanged(id);
    if (this.pane.composer.element.isConnected) this.pane.composer.input.focus();
  }

  showPage(page: Page): void {
    this.#page = this.#floor ? page : 'conversations';
    this.pane.element.hidden = this.#page !== 'conversations';
    if (this.#floor) this.#floor.element.hidden = this.#page !== 'floor';
    this.#topbar.setPage(this.#page);
    if (this.#page === 'floor') void this.refreshOverview();
  }

  /** Tells the rep something (read out politely); cleared after a while. */
  say(text: string): void {
    this.#toast.textContent = text;
    window.clearTimeout(this.#toastTimer);
    this.#toastTimer = window.setTimeout(() => (this.#toast.textContent = ''), 8000);
  }

  /** Runs `fn` once after `ms`, however often it is asked for meanwhile. */
  later(key: string, ms: number, fn: () => Promise<void>): void {
    if (this.#timers.has(key)) return;
    this.#timers.set(key, window.setTimeout(() => {
      this.#timers.delete(key);
      fn().catch((error: unknown) => this.say(messageOf(error)));
    }, ms));
  }

  fillCanned(response: CannedResponse): string {
    const thread = this.#selected ? this.threads.get(this.#selected) : undefined;
    return fillCanned(response.text, { customer: thread?.detail?.context.customer.name ?? null, rep: this.#account.displayName });
  }

  async signOut(): Promise<void> {
    try {
      await signOut(this.signed.csrfToken);
    } catch (error) {
      this.say(`Signing out failed: ${messageOf(error)}`);
      return;
    }
    this.o.signedOut('You are signed out.');
  }

  /** Redraws what shows a conversation: its list row, and the workspace when it is open. */
  #threadChanged(id: string): void {
    const thread = this.threads.get(id);
    if (thread && id === this.#selected && thread.loaded) {
      this.pane.show(thread, this.#modeOf(id));
      this.#markOpenRead();
    }
    this.#renderList();
  }

  /** A supervisor watching someone else's conversation monitors it; a rep only ever sees their own (or their last view of it). */
  #modeOf(id: string): 'own' | 'monitor' {
    return oversees(this.#account) && this.threads.get(id)?.detail?.repId !== this.#account.id ? 'monitor' : 'own';
  }

  #markOpenRead(): void {
    const thread = this.#selected ? this.threads.get(this.#selected) : undefined;
    if (!thread || document.visibilityState !== 'visible' || this.#page !== 'conversations') return;
    if (this.threads.markRead(thread)) {
      this.hub.notify('read', { conversationId: thread.id, seq: thread.lastReadSeq });
      this.#renderList();
    }
  }

  #renderList(): void {
    const items = this.#mine.map((summary) => {
      const thread = this.threads.get(summary.id);
      const state = thread?.detail?.state ?? summary.state;
      return { summary: { ...summary, state }, unread: thread?.unread ?? 0, customerTyping: this.#typing.isTyping(summary.id) };
    });
    this.#list.render(items, this.#selected);
    const unread = items.reduce((n, i) => n + i.unread, 0);
    document.title = `${unread > 0 ? `(${unread}) ` : ''}Support Hub console`;
  }

  #renderTyping(): void {
    const id = this.pane.threadId;
    const typing = id !== null && this.#typing.isTyping(id);
    const name = id ? this.threads.get(id)?.detail?.context.customer.name : undefined;
    this.pane.setTyping(typing ? `${name ?? 'The customer'} is typing…` : '');
    this.#renderList();
  }

  async #setPresence(presence: Presence): Promise<void> {
    try {
      await this.hub.request('presence:set', { presence });
      this.#presence = presence;
    } catch (error) {
      this.say(`Could not change your status: ${messageOf(error)}`);
    }
    this.#topbar.setPresence(this.#presence);
  }

  /** Signed out elsewhere, or the hub node went away: the session says which. */
  async #closedByServer(): Promise<void> {
    const signed = await whoAmI().catch(() => undefined); // the hub unreachable: try the socket again anyway
    if (signed === null) return this.o.signedOut('Your session has ended. Sign in again.');
    // Spread out, so a node's reps do not all come back in the same instant.
    this.later('reconnect', 500 + Math.random() * 2000, async () => this.hub.connect());
  }

  #connection(status: ConnectionStatus): void {
    this.#topbar.setConnection(status);
    if (status === 'signed-out') this.o.signedOut('Your session has ended. Sign in again.');
  }
}
