/**
 * The widget's frame inside an open shadow root: launcher button, chat panel (header with status, handoff banner,
 * message log, composer) and keyboard handling. Messages themselves are drawn by MessageList.
 */
import type { ChatView, Status } from './chat.ts';
import type { WidgetConfig } from './config.ts';
import { h, icon } from './dom.ts';
import type { Phase, Rep } from './handoff.ts';
import { HandoffBanner, LeaveMessageForm } from './handoff-view.ts';
import { MessageList } from './messages.ts';
import { applyStyles } from './styles.ts';
import type { Entry, Suggestion } from './transcript.ts';

export interface ViewActions {
  opened(): void;
  send(text: string): void;
  retry(key: string): void;
  pick(suggestion: Suggestion): void;
  rate(key: string, helpful: boolean): void;
  typing(): void;
  reconnect(): void;
  /** Resolves false when the message could not be sent. */
  leaveMessage(text: string): Promise<boolean>;
}

const STATUS_TEXT: Record<Status, string> = {
  connecting: 'Connecting…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline: waiting for the network…',
  expired: 'Session expired: reconnecting…',
  busy: 'Many chats right now: connecting you shortly…',
  failed: 'Not connected',
};

export class WidgetView implements ChatView {
  readonly host = document.createElement('support-chat-widget');
  private readonly messages: MessageList;
  private readonly banner = new HandoffBanner();
  private readonly leaveForm: LeaveMessageForm;
  private readonly launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'sw-panel' });
  private readonly badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  private readonly panel: HTMLElement;
  private readonly status = h('div', { class: 'status', role: 'status', 'data-status': 'connecting' });
  private readonly alert = h('div', { class: 'alert', role: 'alert', hidden: true });
  private readonly input = h('textarea', { id: 'sw-input', rows: '1', placeholder: 'Type your message…', autocomplete: 'off', maxlength: '4000' });
  private readonly sendButton = h('button', { type: 'submit', class: 'send', 'aria-label': 'Send message', disabled: true }, icon('send', 20));
  private unread = 0;

  constructor(
    private readonly config: WidgetConfig,
    private readonly actions: ViewActions,
  ) {
    this.messages = new MessageList({
      // The row (and its Retry button) is redrawn, so focus moves to the input rather than being lost.
      retry: (key) => {
        this.input.focus();
        actions.retry(key);
      },
      pick: (suggestion) => {
        this.input.focus();
        actions.pick(suggestion);
      },
      rate: (key, helpful) => actions.rate(key, helpful),
    });
    this.leaveForm = new LeaveMessageForm((text) => actions.leaveMessage(text));
    this.messages.addFooter(this.leaveForm.element);
    this.panel = this.buildPanel();
    this.setLauncher(false);
    this.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
  }

  mount(parent: HTMLElement): void {
    const root = this.host.attachShadow({ mode: 'open' });
    applyStyles(root, this.host, this.config.theme);
    root.append(this.panel, this.launcher);
    // Escape anywhere in the widget (panel or launcher) closes it and puts focus back on the launcher.
    root.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key !== 'Escape' || !this.isOpen) return;
      event.stopPropagation();
      this.close();
    });
    parent.appendChild(this.host);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  /** `focus: false` when opening on page load: focus (and a phone's keyboard) should follow a customer's action. */
  open({ focus = true } = {}): void {
    if (this.isOpen) return;
    this.panel.hidden = false;
    this.setLauncher(true);
    this.setUnread(0);
    this.messages.scrollToBottom();
    if (focus) this.input.focus();
    this.actions.opened();
  }

  close(): void {
    if (!this.isOpen) return;
    const focusWasInside = document.activeElement === this.host;
    this.panel.hidden = true;
    this.setLauncher(false);
    if (focusWasInside) this.launcher.focus(); // focus inside a hidden panel would be lost to <body>
  }

  render(entry: Entry, live: boolean): void {
    this.messages.render(entry);
    if (live && !this.isOpen && entry.sender.kind !== 'customer') this.setUnread(this.unread + 1);
  }

  notice(text: string): void {
    this.messages.notice(text);
  }

  showTyping(name: string | null): void {
    this.messages.showTyping(name);
  }

  showSuggestions(suggestions: Suggestion[]): void {
    this.messages.showSuggestions(suggestions);
  }

  showHandoff(phase: Phase): void {
    this.banner.show(phase);
    const offer = phase.kind === 'unavailable';
    if (offer === this.leaveForm.visible) return;
    // Focus inside a form that is about to disappear would fall back to <body>.
    const focusInForm = this.leaveForm.element.contains(this.host.shadowRoot?.activeElement ?? null);
    this.leaveForm.show(offer);
    if (offer) this.messages.scrollToBottom();
    else if (focusInForm) this.input.focus();
  }

  repJoined(entry: Entry, rep: Rep, live: boolean): void {
    this.messages.joined(entry, rep);
    if (live && !this.isOpen) this.setUnread(this.unread + 1);
  }

  handoffEnded(): void {
    this.messages.divider('Conversation ended');
  }

  showStatus(status: Status): void {
    this.status.dataset.status = status;
    this.status.replaceChildren(h('span', { class: 'dot', 'aria-hidden': 'true' }), STATUS_TEXT[status]);
    this.alert.hidden = status !== 'failed';
  }

  private buildPanel(): HTMLElement {
    const { title } = this.config;
    const close = h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close chat' }, icon('close', 22));
    close.addEventListener('click', () => this.close());

    const retry = h('button', { type: 'button' }, 'Retry');
    retry.addEventListener('click', () => this.actions.reconnect());
    this.alert.append(h('span', {}, 'We can’t reach support right now.'), retry);

    const panel = h(
      'section',
      { id: 'sw-panel', class: 'panel', role: 'dialog', 'aria-label': title, hidden: true },
      h(
        'header',
        { class: 'header' },
        h('div', { class: 'avatar', 'aria-hidden': 'true' }, title.slice(0, 1).toUpperCase()),
        h('div', { class: 'heading' }, h('h2', { class: 'title' }, title), this.status),
        close,
      ),
      this.alert,
      this.banner.element,
      this.messages.log,
      this.buildComposer(),
    );
    return panel;
  }

  private buildComposer(): HTMLElement {
    const form = h('form', { class: 'composer' }, h('label', { for: 'sw-input', class: 'sr-only' }, 'Message'), this.input, this.sendButton);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter adds a line; never while an IME is composing a character.
      if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('input', () => {
      this.sendButton.disabled = this.input.value.trim() === '';
      this.autoGrow();
      if (this.input.value) this.actions.typing();
    });
    return h('div', {}, form, h('p', { class: 'footer' }, 'Replies may come from a bot or a person.'));
  }

  private submit(): void {
    const text = this.input.value;
    if (!text.trim()) return;
    this.input.value = '';
    this.sendButton.disabled = true;
    this.autoGrow();
    this.actions.send(text);
  }

  private autoGrow(): void {
    // CSSOM writes are allowed under a strict style-src; the max-height in CSS caps the growth.
    this.input.style.height = 'auto';
    this.input.style.height = `${this.input.scrollHeight + 2}px`;
  }

  private setLauncher(open: boolean): void {
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.replaceChildren(icon(open ? 'close' : 'chat', 28), this.badge);
    this.labelLauncher();
  }

  private setUnread(count: number): void {
    this.unread = count;
    this.badge.hidden = count === 0;
    this.badge.textContent = String(count);
    this.labelLauncher();
  }

  private labelLauncher(): void {
    const unread = this.unread ? ` (${this.unread} unread)` : '';
    this.launcher.setAttribute('aria-label', this.isOpen ? 'Close chat' : `Open chat: ${this.config.title}${unread}`);
  }
}
