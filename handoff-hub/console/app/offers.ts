import { beep, notify } from './alerts.ts';
import { button, h } from './dom.ts';
import { reasonText } from './reasons.ts';
import type { Offer } from './types.ts';

export interface OfferActions {
  accept(offer: Offer): void;
  decline(offer: Offer): void;
}

interface Card {
  readonly offer: Offer;
  readonly element: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly left: HTMLElement;
  readonly total: number;
}

/**
 * Offers waiting for the rep's answer, each a card with the customer, the reason, the bot's summary and a countdown
 * to the deadline; a new one is announced (role=alert), beeps and, when the console is in the background, raises a
 * desktop notification.
 */
export class OfferStack {
  readonly element: HTMLElement;
  readonly #section = h('section', { class: 'offers', 'aria-label': 'Offers', hidden: true });
  readonly #list = h('ul', { class: 'offer-list', role: 'list' });
  readonly #announce = h('p', { class: 'sr-only', role: 'alert' });
  readonly #cards = new Map<string, Card>();
  readonly #timer: number;

  constructor(private readonly actions: OfferActions) {
    this.#section.append(h('h2', { class: 'section-title' }, 'New offers'), this.#list);
    // Outside the section, which hides when empty: "declined" and "withdrawn" are said after the last card went.
    this.element = h('div', { class: 'offers-host' }, this.#section, this.#announce);
    this.#timer = window.setInterval(() => this.#tick(), 250);
  }

  /** Shows an offer (again, after a reload: then without the sound). */
  add(offer: Offer, o: { alert: boolean }): void {
    if (this.#cards.get(offer.conversationId)?.offer.offerId === offer.offerId) return;
    this.remove(offer.conversationId);
    const total = Math.max(1, (Date.parse(offer.deadline) - Date.now()) / 1000);
    const who = offer.customerName ?? 'A customer';
    const progress = h('progress', { max: Math.round(total * 10), value: Math.round(total * 10), 'aria-hidden': 'true' });
    const left = h('span', { class: 'countdown' });
    const accept = button('Accept', () => this.#answer(offer, 'accept'), { class: 'primary', 'aria-describedby': `offer-${offer.offerId}` });
    const decline = button('Decline', () => this.#answer(offer, 'decline'), { 'aria-describedby': `offer-${offer.offerId}` });
    const element = h(
      'li',
      { class: 'offer', 'data-conversation': offer.conversationId, 'data-sound': o.alert ? beep() : 'none' },
      h(
        'div',
        { id: `offer-${offer.offerId}` },
        h('p', { class: 'offer-who' }, who),
        h('p', { class: 'offer-reason' }, reasonText(offer.reason)),
        h('p', { class: 'offer-queue' }, `Queue: ${offer.queueId}`),
        offer.summary ? h('p', { class: 'offer-summary' }, offer.summary) : null,
      ),
      h('div', { class: 'offer-timer' }, progress, left),
      h('div', { class: 'offer-actions' }, accept, decline),
    );
    const card = { offer, element, progress, left, total };
    this.#cards.set(offer.conversationId, card);
    this.#list.append(element);
    this.#section.hidden = false;
    this.#update(card);
    if (o.alert) {
      this.#announce.textContent = `New conversation offered: ${who}. ${reasonText(offer.reason)}`;
      notify('New conversation offered', `${who}: ${reasonText(offer.reason)}`, offer.offerId, () => accept.focus());
      // Focus moves only if the rep is not typing elsewhere, so an offer never steals a half-written message.
      if (document.activeElement === document.body || document.activeElement === null) accept.focus();
    }
  }

  remove(conversationId: string, why?: string): void {
    if (why) this.#announce.textContent = why;
    const card = this.#cards.get(conversationId);
    if (!card) return;
    const hadFocus = card.element.contains(document.activeElement);
    card.element.remove();
    this.#cards.delete(conversationId);
    this.#section.hidden = this.#cards.size === 0;
    if (hadFocus) document.querySelector<HTMLElement>('.offer .primary, #composer-input, .conversation-list button')?.focus();
  }

  /** Offers kept after a resync (the others were answered, withdrawn or lapsed meanwhile). */
  keepOnly(conversationIds: ReadonlySet<string>): void {
    for (const id of [...this.#cards.keys()]) if (!conversationIds.has(id)) this.remove(id);
  }

  has(conversationId: string): boolean {
    return this.#cards.has(conversationId);
  }

  #answer(offer: Offer, answer: 'accept' | 'decline'): void {
    const card = this.#cards.get(offer.conversationId);
    for (const b of card?.element.querySelectorAll('button') ?? []) b.disabled = true;
    if (answer === 'accept') this.actions.accept(offer);
    else this.actions.decline(offer);
  }

  /** Re-enables a card whose answer failed for a reason other than the offer going away. */
  retry(conversationId: string): void {
    for (const b of this.#cards.get(conversationId)?.element.querySelectorAll('button') ?? []) b.disabled = false;
  }

  #tick(): void {
    for (const card of this.#cards.values()) this.#update(card);
  }

  #update(card: Card): void {
    const seconds = Math.max(0, (Date.parse(card.offer.deadline) - Date.now()) / 1000);
    card.progress.value = Math.round(seconds * 10);
    const whole = Math.ceil(seconds);
    const text = whole > 0 ? `${whole} s left to answer` : 'Time is up';
    if (card.left.textContent !== text) card.left.textContent = text;
    card.element.dataset.urgent = String(seconds <= 10);
  }

  dispose(): void {
    window.clearInterval(this.#timer);
  }
}
