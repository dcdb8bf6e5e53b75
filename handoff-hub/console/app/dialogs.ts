import { button, h } from './dom.ts';
import type { Disposition } from '../../routing/index.ts';

export interface TransferTargets {
  readonly reps: readonly { id: string; name: string; presence: string; active: number; capacity: number }[];
  readonly queues: readonly { id: string; name: string; waiting: number }[];
}

export type TransferTo = { repId: string } | { queueId: string };

/**
 * A modal native <dialog> (role dialog, focus kept inside, Escape cancels) with a form; resolves with what the form
 * gave, or null when cancelled. Focus returns to where it was.
 */
function modal<T>(title: string, body: (HTMLElement | null)[], submitLabel: string, read: (form: HTMLFormElement) => T | string): Promise<T | null> {
  const titleId = `dialog-${Math.random().toString(36).slice(2)}`;
  const error = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { method: 'dialog' }, ...body, error);
  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel);
  const cancel = button('Cancel', () => dialog.close());
  form.append(h('div', { class: 'dialog-actions' }, cancel, submit));
  const dialog = h('dialog', { 'aria-labelledby': titleId, class: 'dialog' }, h('h2', { id: titleId }, title), form);
  const returnTo = document.activeElement as HTMLElement | null;
  document.body.append(dialog);
  return new Promise((resolve) => {
    let result: T | null = null;
    form.addEventListener('submit', (event) => {
      const value = read(form);
      if (typeof value === 'string') {
        event.preventDefault();
        error.textContent = value;
        return;
      }
      result = value;
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnTo?.isConnected && returnTo !== document.body) returnTo.focus();
      else document.querySelector<HTMLElement>('.conversation-actions button, #composer-input, #main')?.focus();
      resolve(result);
    });
    dialog.showModal();
  });
}

/** Disposition (required, one of the hub's codes) and notes; the dialog that closes a conversation for good. */
export function askWrapUp(customer: string, dispositions: readonly Disposition[]): Promise<{ disposition: string; notes: string } | null> {
  const select = h('select', { id: 'wrapup-disposition', name: 'disposition', 'aria-required': 'true' }, h('option', { value: '' }, 'Choose…'), ...dispositions.map((d) => h('option', { value: d.code }, d.label)));
  const notes = h('textarea', { id: 'wrapup-notes', name: 'notes', rows: 4, maxlength: 4000 });
  return modal(
    `Wrap up the conversation with ${customer}`,
    [h('label', { for: select.id }, 'Disposition'), select, h('label', { for: notes.id }, 'Notes (staff only)'), notes],
    'Close conversation',
    () => (select.value ? { disposition: select.value, notes: notes.value.trim() } : 'Choose a disposition.'),
  );
}

/**
 * Transfer to a rep or a queue, with a note for whoever takes it. `targets` is null when the hub does not list them
 * to this role (the overview is for supervisors): then ids are typed.
 */
export function askTransfer(o: { title: string; targets: TransferTargets | null; repsOnly?: boolean; excludeRep?: string | null }): Promise<{ to: TransferTo; note: string } | null> {
  const reps = (o.targets?.reps ?? []).filter((r) => r.id !== o.excludeRep && (r.presence === 'available' || r.presence === 'busy'));
  const repSelect = o.targets
    ? h('select', { id: 'transfer-rep', name: 'rep' }, h('option', { value: '' }, reps.length ? 'Choose a rep…' : 'No rep is online'), ...reps.map((r) => h('option', { value: r.id }, `${r.name} · ${r.presence} · ${r.active}/${r.capacity} chats`)))
    : h('input', { id: 'transfer-rep', name: 'rep', placeholder: 'Rep account id' });
  const queueSelect = o.targets
    ? h('select', { id: 'transfer-queue', name: 'queue' }, h('option', { value: '' }, 'Choose a queue…'), ...o.targets.queues.map((q) => h('option', { value: q.id }, `${q.name} · ${q.waiting} waiting`)))
    : h('input', { id: 'transfer-queue', name: 'queue', placeholder: 'Queue id, e.g. billing' });
  const note = h('textarea', { id: 'transfer-note', name: 'note', rows: 3, maxlength: 2000 });
  return modal(
    o.title,
    [
      h('label', { for: repSelect.id }, o.repsOnly ? 'To rep' : 'To a rep'),
      repSelect,
      o.repsOnly ? null : h('label', { for: queueSelect.id }, 'Or to a queue'),
      o.repsOnly ? null : queueSelect,
      h('label', { for: note.id }, 'Note for whoever takes it (staff only)'),
      note,
    ],
    'Transfer',
    () => {
      const repId = repSelect.value.trim();
      const queueId = o.repsOnly ? '' : queueSelect.value.trim();
      if (repId && queueId) return 'Choose a rep or a queue, not both.';
      if (!repId && !queueId) return o.repsOnly ? 'Choose a rep.' : 'Choose a rep or a queue.';
      return { to: repId ? { repId } : { queueId }, note: note.value.trim() };
    },
  );
}
