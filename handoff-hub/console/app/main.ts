/**
 * Entry point of console.js, the rep console served at /console: signs in over REST (httpOnly cookie session), then
 * talks to the hub over Socket.io. Plain DOM, no framework; see handoff-hub/console/README.md.
 */
import { unlockAudioOnInteraction } from './alerts.ts';
import { type Signed, whoAmI } from './api.ts';
import { ConsoleApp } from './console-app.ts';
import { h } from './dom.ts';
import { messageOf } from './format.ts';
import { signInView } from './sign-in.ts';

const root = document.getElementById('app')!;
let app: ConsoleApp | null = null;

function showSignIn(notice?: string): void {
  app?.dispose();
  app = null;
  document.title = 'Sign in · Support Hub console';
  root.replaceChildren(signInView({ ...(notice ? { notice } : {}), signedIn: start }));
}

function start(signed: Signed): void {
  app?.dispose();
  app = new ConsoleApp(root, signed, { signedOut: showSignIn });
}

unlockAudioOnInteraction();
// The readable hub_csrf cookie lives as long as the session cookie: without it there is no session to ask about.
const session = document.cookie.split(';').some((c) => c.trim().startsWith('hub_csrf='));
(session ? whoAmI() : Promise.resolve(null)).then(
  (signed) => (signed ? start(signed) : showSignIn()),
  (error: unknown) => {
    root.replaceChildren(h('main', { class: 'sign-in' }, h('p', { role: 'alert' }, `The hub did not answer: ${messageOf(error)}. Reload to try again.`)));
  },
);
