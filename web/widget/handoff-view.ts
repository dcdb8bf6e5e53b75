/**
 * The handoff's own pieces of the screen: the "Connecting you to a person" banner above the log, and the
 * leave-a-message form offered when nobody from the team can take the chat. Both are redrawn from the phase.
 */
import { h, icon } from './dom.ts';
import { placeText, type Phase } from './handoff.ts';

/**
 * A polite live region that stays in the page while empty, so screen readers announce it when it fills (one that
 * appears already filled, or leaves display:none, is often not announced).
 */
export class HandoffBanner {
  readonly element = h('div', { class: 'handoff', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });

  show(phase: Phase): void {
    if (phase.kind !== 'waiting') return this.element.replaceChildren();
    const place = placeText(phase) ?? 'Waiting for the next available person…';
    this.element.replaceChildren(
      h(
        'div',
        { class: 'handoff-card' },
        h('span', { class: 'handoff-icon', 'aria-hidden': 'true' }, icon('person', 20)),
        h('span', { class: 'handoff-text' }, h('strong', {}, 'Connecting you to a person'), h('span', { class: 'handoff-place' }, place)),
      ),
    );
  }
}

const MAX_LENGTH = 3800; // the composer allows 4000; room for the email line

/** Sends the message left; resolves false when it could not be sent (the form is offered again). */
export type LeaveMessage = (text: string) => Promise<boolean>;

export class LeaveMessageForm {
  readonly element: HTMLFormElement;
  private readonly text = h('textarea', { id: 'sw-leave-text', rows: '3', maxlength: String(MAX_LENGTH), 'aria-describedby': 'sw-leave-error' });
  private readonly email = h('input', { id: 'sw-leave-email', type: 'email', autocomplete: 'email', 'aria-describedby': 'sw-leave-error' });
  private readonly submitButton = h('button', { type: 'submit', class: 'leave-send' }, 'Send message');
  private readonly error = h('p', { id: 'sw-leave-error', class: 'leave-error', role: 'alert' });
  private busy = false;

  constructor(private readonly leave: LeaveMessage) {
    this.element = h(
      'form',
      { class: 'leave', 'aria-labelledby': 'sw-leave-title', novalidate: true, hidden: true },
      h('p', { id: 'sw-leave-title', class: 'leave-title' }, 'Leave a message for our team'),
      // Not "Message": that is the composer's name, and screen-reader users pick a field by its name.
      h('label', { for: 'sw-leave-text' }, 'What can we help with?'),
      this.text,
      h('label', { for: 'sw-leave-email' }, 'Email ', h('span', { class: 'optional' }, '(optional, for our reply)')),
      this.email,
      this.error,
      this.submitButton,
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    // A field being corrected is no longer wrong: clear the message about it.
    for (const field of [this.text, this.email]) field.addEventListener('input', () => field.hasAttribute('aria-invalid') && this.setError(null));
    this.text.addEventListener('keydown', (event) => {
      // Enter adds a line here (a message may be long); Ctrl/Cmd+Enter sends, as in most mail forms.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) this.submitButton.click();
    });
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  show(visible: boolean): void {
    this.element.hidden = !visible;
  }

  private async submit(): Promise<void> {
    if (this.busy) return;
    const text = this.text.value.trim();
    const email = this.email.value.trim();
    if (!text) return this.invalid(this.text, 'Please write your message.');
    if (email && !this.email.validity.valid) return this.invalid(this.email, 'That email address does not look right.');
    this.setError(null);
    this.setBusy(true);
    const sent = await this.leave(email ? `${text}\n\nEmail: ${email}` : text);
    this.setBusy(false);
    if (sent) this.element.reset();
    else this.setError('Your message was not sent. Check your connection and try again.');
  }

  private invalid(field: HTMLTextAreaElement | HTMLInputElement, message: string): void {
    this.setError(message, field);
    field.focus();
  }

  private setError(message: string | null, field?: HTMLElement): void {
    this.error.textContent = message ?? '';
    for (const f of [this.text, this.email]) {
      if (f === field) f.setAttribute('aria-invalid', 'true');
      else f.removeAttribute('aria-invalid');
    }
  }

  /** aria-disabled rather than disabled: a disabled button loses focus, which would drop it to <body>. */
  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.text.readOnly = busy;
    this.email.readOnly = busy;
    this.submitButton.setAttribute('aria-disabled', String(busy));
    this.submitButton.textContent = busy ? 'Sending…' : 'Send message';
  }
}
