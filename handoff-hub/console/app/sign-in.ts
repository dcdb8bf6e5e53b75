import { ApiError, type Signed, signIn } from './api.ts';
import { h } from './dom.ts';

/** The sign-in page: email and password; the answer's message (wrong password, locked out…) is read out. */
export function signInView(o: { notice?: string; signedIn(signed: Signed): void }): HTMLElement {
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true, spellcheck: 'false' });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'sign-in-form', 'aria-labelledby': 'sign-in-title', novalidate: true },
    h('h1', { id: 'sign-in-title' }, 'Support Hub console'),
    h('p', { class: 'muted' }, 'Sign in with your rep or supervisor account.'),
    o.notice ? h('p', { class: 'notice', role: 'status' }, o.notice) : null,
    h('label', { for: 'email' }, 'Email'),
    email,
    h('label', { for: 'password' }, 'Password'),
    password,
    error,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!email.value.trim() || !password.value) {
      error.textContent = 'Enter your email and password.';
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    signIn(email.value.trim(), password.value).then(
      (signed) => o.signedIn(signed),
      (e: unknown) => {
        submit.disabled = false;
        error.textContent = e instanceof ApiError ? sentence(e.message) : 'Signing in failed; try again.';
        password.select();
        password.focus();
      },
    );
  });
  queueMicrotask(() => email.focus());
  return h('main', { class: 'sign-in' }, form);
}

const sentence = (text: string) => (text ? `${text[0]!.toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}` : text);
