import { Composer } from './composer.ts';
import { contextPanel } from './context-panel.ts';
import { button, fill, h } from './dom.ts';
import { KnowledgePanel } from './knowledge-panel.ts';
import { Tabs } from './tabs.ts';
import type { Thread } from './thread.ts';
import { TranscriptView } from './transcript.ts';
import type { CannedResponse, KnowledgeSuggestion } from './types.ts';

export interface PaneActions {
  send(text: string, internal: boolean): void;
  retry(clientId: string): void;
  typing(): void;
  fillCanned(response: CannedResponse): string;
  suggest(query: string): Promise<{ query: string; suggestions: KnowledgeSuggestion[] }>;
  transfer(): void;
  handBack(): void;
  end(): void;
  wrapUp(): void;
}

/** Whose conversation it is on this screen: the rep's own (they write), or someone else's (a supervisor watches). */
export type Mode = 'own' | 'monitor';

const STATE_TEXT: Record<string, string> = {
  active: 'Live chat',
  'wrap-up': 'Chat ended: wrap-up',
  offered: 'Being offered',
  queued: 'Waiting in the queue',
  closed: 'Closed',
  bot: 'Back with the bot',
};

/**
 * The conversation workspace, in columns: the chat (header with actions, transcript, typing, composer), the side
 * panel (context, knowledge) and a reserved slot where the case panel goes.
 */
export class ConversationPane {
  readonly element: HTMLElement;
  readonly composer: Composer;
  readonly #transcript: TranscriptView;
  readonly #knowledge: KnowledgePanel;
  readonly #title = h('h2', { id: 'conversation-title', class: 'conversation-title' });
  readonly #meta = h('p', { class: 'conversation-meta' });
  readonly #actions = h('div', { class: 'conversation-actions', role: 'group', 'aria-label': 'Conversation actions' });
  readonly #typing = h('p', { class: 'typing', 'aria-live': 'polite' });
  readonly #footer = h('div', { class: 'chat-footer' });
  readonly #context = h('div', { class: 'context-host' });
  readonly #chat: HTMLElement;
  readonly #empty = h('div', { class: 'pane-empty' }, h('p', {}, 'Choose a conversation, or accept an offer, to start.'));
  #threadId: string | null = null;
  #mode: Mode = 'own';
  /** What the rep had typed in each conversation they switched away from. */
  readonly #drafts = new Map<string, string>();

  constructor(
    me: string,
    private readonly actions: PaneActions,
  ) {
    this.#transcript = new TranscriptView({ me, retry: (id) => actions.retry(id) });
    this.composer = new Composer({ send: actions.send, typing: actions.typing, fill: actions.fillCanned });
    this.#knowledge = new KnowledgePanel({ search: actions.suggest, insert: (text) => this.composer.insert(text) });
    const tabs = new Tabs('Conversation details', [
      { id: 'context', label: 'Context', panel: this.#context },
      { id: 'knowledge', label: 'Knowledge', panel: this.#knowledge.element, onShow: () => void this.#knowledge.refresh() },
    ]);
    this.#chat = h(
      'section',
      { class: 'chat-column', 'aria-labelledby': 'conversation-title' },
      h('header', { class: 'conversation-header' }, h('div', {}, this.#title, this.#meta), this.#actions),
      this.#transcript.element,
      this.#typing,
      this.#footer,
    );
    this.element = h(
      'div',
      { class: 'workspace conversation-workspace' },
      this.#empty,
      this.#chat,
      h('aside', { class: 'side-column', 'aria-label': 'Conversation details' }, tabs.element),
      // Reserved for the case panel (next issue): the layout already gives it its column.
      h('aside', { class: 'case-slot', 'data-slot': 'case', 'aria-label': 'Case' }, h('h2', { class: 'section-title' }, 'Case'), h('p', { class: 'muted' }, 'The case panel will appear here.')),
    );
    this.#showEmpty(true);
  }

  get threadId(): string | null {
    return this.#threadId;
  }

  /** Opens a conversation (or redraws the one that is open). */
  show(thread: Thread, mode: Mode): void {
    const switched = thread.id !== this.#threadId || mode !== this.#mode;
    if (switched) {
      if (this.#threadId !== null) this.#drafts.set(this.#threadId, this.composer.input.value);
      this.composer.reset(this.#drafts.get(thread.id) ?? '');
      this.#knowledge.clear();
      this.#typing.textContent = '';
    }
    this.#threadId = thread.id;
    this.#mode = mode;
    this.#showEmpty(false);
    this.update(thread);
  }

  update(thread: Thread): void {
    if (thread.id !== this.#threadId) return;
    const d = thread.detail;
    const state = d?.state ?? 'active';
    const own = this.#mode === 'own';
    const name = d?.context.customer.name ?? 'Customer';
    this.#title.textContent = name;
    this.#meta.textContent = [STATE_TEXT[state] ?? state, d?.queueId ? `Queue: ${d.queueId}` : '', own ? '' : 'Monitoring (read-only)'].filter(Boolean).join(' · ');
    this.#chat.dataset.state = state;
    this.#chat.dataset.mode = this.#mode;
    if (d && (this.#context.dataset.conversation !== d.id || this.#context.childElementCount === 0)) {
      fill(this.#context, contextPanel(d.context));
      this.#context.dataset.conversation = d.id;
    }
    this.#transcript.sync(thread);
    this.#renderActions(state, own);
    this.#renderFooter(state, own);
  }

  setTyping(text: string): void {
    if (this.#typing.textContent !== text) this.#typing.textContent = text;
  }

  #showEmpty(empty: boolean): void {
    this.#empty.hidden = !empty;
    this.#chat.hidden = empty;
    this.element.dataset.empty = String(empty);
  }

  #renderActions(state: string, own: boolean): void {
    const key = `${state}:${own}`;
    if (this.#actions.dataset.key === key) return;
    this.#actions.dataset.key = key;
    const a = this.actions;
    const buttons =
      own && state === 'active'
        ? [button('Transfer…', () => a.transfer()), button('Hand back to bot', () => a.handBack()), button('End chat', () => a.end(), { class: 'danger' })]
        : own && state === 'wrap-up'
          ? [button('Wrap up…', () => a.wrapUp(), { class: 'primary' })]
          : !own && ['active', 'offered', 'queued'].includes(state)
            ? [button('Reassign…', () => a.transfer())]
            : [];
    // The button that was used may be gone (End chat → Wrap up…): the focus moves to what replaced it.
    const hadFocus = this.#actions.contains(document.activeElement);
    this.#actions.replaceChildren(...buttons);
    if (hadFocus) (buttons[0] ?? this.#transcript.element).focus();
  }

  #renderFooter(state: string, own: boolean): void {
    if (own && (state === 'active' || state === 'wrap-up')) {
      if (this.composer.element.parentElement !== this.#footer) fill(this.#footer, this.composer.element);
      this.composer.setChatOpen(state === 'active');
      return;
    }
    const text = own || state === 'closed' || state === 'bot' ? `This conversation is ${STATE_TEXT[state]?.toLowerCase() ?? state}.` : 'You are monitoring this conversation: read-only, no composer.';
    if (this.#footer.textContent !== text) fill(this.#footer, h('p', { class: 'read-only' }, text));
  }
}
