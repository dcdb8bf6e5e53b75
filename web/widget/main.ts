/**
 * Entry point of widget.js. One tag embeds it:
 *   <script src="https://support.example.com/widget.js" data-title="Support" data-color="#2b59c3" defer></script>
 * Attributes: data-server (default: the script's origin), data-title, data-color, data-open="true", data-user-name.
 * Host pages can call window.SupportWidget.open() / .close().
 */
import { Chat } from './chat.ts';
import { readConfig } from './config.ts';
import { Sessions } from './session.ts';
import { WidgetView } from './view.ts';

export interface SupportWidgetApi {
  open(): void;
  close(): void;
}

declare global {
  interface Window {
    SupportWidget?: SupportWidgetApi;
  }
}

function boot(script: HTMLScriptElement | null, openRequested: boolean | null): WidgetView {
  const config = readConfig(script, window.location);
  const sessions = new Sessions(config.server, config.userName);
  let chat: Chat | null = null;
  const view = new WidgetView(config, {
    opened: () => chat?.start(),
    send: (text) => void chat?.send(text),
    retry: (key) => chat?.retry(key),
    pick: (suggestion) => chat?.pick(suggestion),
    rate: (key, helpful) => chat?.rate(key, helpful),
    typing: () => chat?.customerTyping(),
    reconnect: () => chat?.start(),
    leaveMessage: (text) => chat?.leaveMessage(text) ?? Promise.resolve(false),
  });
  chat = new Chat(view, sessions, config.title);
  view.mount(document.body);

  // A conversation costs the server a bot turn, so connect only when the customer opens the chat, or right away
  // when one is already stored (its replies should arrive on every page).
  if (openRequested ?? config.openAtLoad) view.open({ focus: openRequested === true });
  else if (sessions.hasStored()) chat.start();
  return view;
}

if (window.SupportWidget) {
  console.warn('SupportWidget: widget.js was included twice; ignoring the second copy');
} else {
  // currentScript is only set while this script runs, so read it now, before waiting for the DOM.
  const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
  let view: WidgetView | null = null;
  let openRequested: boolean | null = null; // calls made before the DOM was ready
  window.SupportWidget = Object.freeze({
    open: () => (view ? view.open() : void (openRequested = true)),
    close: () => (view ? view.close() : void (openRequested = false)),
  });
  const start = () => void (view = boot(script, openRequested));
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
