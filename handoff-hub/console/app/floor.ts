import { button, h } from './dom.ts';
import { formatDuration, moodOf, signed } from './format.ts';
import { reasonText } from './reasons.ts';
import type { Overview } from './types.ts';

export interface FloorActions {
  monitor(conversationId: string): void;
  reassign(conversationId: string): void;
  take(conversationId: string): void;
}

const PRESENCE_TEXT: Record<string, string> = { available: 'Available', busy: 'Busy', away: 'Away', offline: 'Offline' };
const STATE_TEXT: Record<string, string> = { queued: 'Waiting', offered: 'Offered', active: 'Live', 'wrap-up': 'Wrap-up' };

/**
 * The supervisor's floor: reps with presence and load, queues with waiting count, longest and estimated wait, and
 * every open conversation with its sentiment, to monitor (read-only), reassign or take. Waits keep counting between
 * refreshes.
 */
export class FloorView {
  readonly element: HTMLElement;
  readonly #reps = h('tbody');
  readonly #queues = h('tbody');
  readonly #conversations = h('tbody');
  readonly #updated = h('p', { class: 'muted floor-updated' });
  #overview: Overview | null = null;
  #at = 0;
  readonly #timer: number;

  constructor(private readonly actions: FloorActions) {
    this.element = h(
      'div',
      { class: 'workspace floor' },
      h('h1', { class: 'sr-only' }, 'Floor'),
      panel('floor-queues', 'Queues', table(['Queue', 'Status', 'Waiting', 'Longest wait', 'Estimated wait'], this.#queues)),
      panel('floor-reps', 'Reps', table(['Rep', 'Presence', 'Load'], this.#reps)),
      panel('floor-live', 'Conversations', table(['Customer', 'State', 'Queue', 'Rep', 'Waited', 'Sentiment', 'Reason', 'Actions'], this.#conversations), this.#updated),
    );
    this.#timer = window.setInterval(() => this.#tick(), 1000);
  }

  render(overview: Overview): void {
    this.#overview = overview;
    this.#at = Date.now();
    this.#reps.replaceChildren(
      ...overview.reps.map((r) =>
        h(
          'tr',
          { 'data-rep': r.id },
          h('th', { scope: 'row' }, r.name),
          h('td', {}, h('span', { class: `presence-badge presence-${r.presence}` }, PRESENCE_TEXT[r.presence] ?? r.presence)),
          h('td', {}, h('meter', { min: 0, max: Math.max(1, r.capacity), value: r.active, 'aria-hidden': 'true' }), ` ${r.active} / ${r.capacity}`),
        ),
      ),
    );
    if (overview.reps.length === 0) this.#reps.append(emptyRow(3, 'No rep is signed in.'));
    this.#queues.replaceChildren(
      ...overview.queues.map((q) =>
        h(
          'tr',
          { 'data-queue': q.id },
          h('th', { scope: 'row' }, q.name),
          h('td', {}, q.open ? 'Open' : 'Closed'),
          h('td', { class: 'num' }, String(q.waiting)),
          h('td', { class: 'num', 'data-wait': q.longestWaitSeconds, 'data-ticks': q.waiting > 0 ? 'true' : undefined }, formatDuration(q.longestWaitSeconds)),
          h('td', { class: 'num' }, q.estimatedWaitSeconds === null ? 'No estimate' : formatDuration(q.estimatedWaitSeconds)),
        ),
      ),
    );
    this.#conversations.replaceChildren(...overview.conversations.map((c) => this.#row(c)));
    if (overview.conversations.length === 0) this.#conversations.append(emptyRow(8, 'No open conversations.'));
    this.#tick();
  }

  #row(c: Overview['conversations'][number]): HTMLElement {
    const name = c.customerName ?? 'Customer';
    const waiting = c.state === 'queued' || c.state === 'offered';
    const mood = moodOf(c.sentimentTrend);
    const buttons = [
      button('Monitor', () => this.actions.monitor(c.id), { class: 'small', 'aria-label': `Monitor the conversation with ${name}` }),
      button('Reassign…', () => this.actions.reassign(c.id), { class: 'small', 'aria-label': `Reassign the conversation with ${name}` }),
      waiting ? button('Take', () => this.actions.take(c.id), { class: 'small', 'aria-label': `Take the conversation with ${name}` }) : null,
    ];
    return h(
      'tr',
      { 'data-conversation': c.id },
      h('th', { scope: 'row' }, name),
      h('td', {}, STATE_TEXT[c.state] ?? c.state),
      h('td', {}, c.queueId),
      h('td', {}, c.repName ?? '—'),
      // Only a waiting customer's wait means something; a live chat's would be the wait it had before.
      waiting ? h('td', { class: 'num', 'data-wait': c.waitSeconds, 'data-ticks': 'true' }, formatDuration(c.waitSeconds)) : h('td', { class: 'num' }, '—'),
      h('td', {}, h('span', { class: `mood mood-${mood}` }, mood), ` ${signed(c.sentimentTrend)}`),
      h('td', { class: 'reason-cell' }, reasonText(c.reason)),
      h('td', { class: 'row-actions' }, ...buttons.filter((b): b is HTMLButtonElement => b !== null)),
    );
  }

  /** Waits that are still running grow by the time since the overview was read. */
  #tick(): void {
    if (!this.#overview) return;
    const elapsed = (Date.now() - this.#at) / 1000;
    for (const cell of this.element.querySelectorAll<HTMLElement>('[data-ticks]')) {
      const text = formatDuration(Number(cell.dataset.wait) + elapsed);
      if (cell.textContent !== text) cell.textContent = text;
    }
    this.#updated.textContent = `Updated ${formatDuration(elapsed)} ago`;
  }

  dispose(): void {
    window.clearInterval(this.#timer);
  }
}

function panel(id: string, title: string, ...body: HTMLElement[]): HTMLElement {
  return h('section', { class: `floor-panel ${id}`, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title`, class: 'section-title' }, title), ...body);
}

function table(headers: readonly string[], body: HTMLElement): HTMLElement {
  return h('table', {}, h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))), body);
}

function emptyRow(span: number, text: string): HTMLElement {
  return h('tr', {}, h('td', { colspan: span, class: 'muted' }, text));
}
