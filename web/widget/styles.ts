/**
 * Widget CSS, scoped by the shadow root. `:host { all: initial }` stops the host page's inherited properties
 * (font, colour, line-height…) from leaking in; colours come from custom properties set from data-color.
 */
import type { Theme } from './config.ts';

const CSS = /* css */ `
:host {
  all: initial;
  --sw-ink: #1d2433;
  --sw-muted: #4b5565;
  --sw-line: #e3e6ec;
  --sw-canvas: #f5f6f8;
  --sw-danger: #b42318;
  --sw-rep: #0b5c36;
  --sw-rep-line: #b7dfc8;
  --sw-radius: 18px;
  --sw-shadow: 0 16px 48px rgba(16, 24, 40, .18), 0 4px 12px rgba(16, 24, 40, .08);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--sw-ink);
}
*, *::before, *::after { box-sizing: border-box; }
button, textarea, input { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--sw-brand-ink); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  width: 60px; height: 60px; border-radius: 50%; border: 0; padding: 0;
  display: grid; place-items: center;
  background: var(--sw-brand); color: var(--sw-on-brand);
  box-shadow: 0 8px 24px rgba(16, 24, 40, .24);
  transition: transform .15s ease, box-shadow .15s ease;
}
.launcher:hover { transform: translateY(-2px); box-shadow: 0 12px 28px rgba(16, 24, 40, .28); }
.launcher:focus-visible { outline-color: var(--sw-ink); outline-offset: 3px; }
.badge {
  position: absolute; top: -2px; right: -2px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: #d92d20; color: #fff; font-size: 12px; font-weight: 700; line-height: 22px;
  box-shadow: 0 0 0 2px #fff;
}
.badge[hidden] { display: none; }

.panel {
  position: fixed; right: 20px; bottom: 92px; z-index: 2147483000;
  width: 380px; height: min(640px, calc(100vh - 116px));
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: var(--sw-radius); box-shadow: var(--sw-shadow);
  transform-origin: bottom right; animation: sw-in .18s ease-out;
}
.panel[hidden] { display: none; }
@keyframes sw-in { from { opacity: 0; transform: translateY(8px) scale(.98); } }

.header {
  position: relative; z-index: 1; display: flex; align-items: center; gap: 12px; padding: 14px 12px 14px 16px;
  background: var(--sw-brand); color: var(--sw-on-brand); box-shadow: 0 2px 8px rgba(16, 24, 40, .12);
}
.avatar {
  flex: none; width: 40px; height: 40px; border-radius: 50%;
  display: grid; place-items: center; font-weight: 700;
  background: rgba(255, 255, 255, .18); background: color-mix(in srgb, currentColor 16%, transparent);
}
.heading { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 16px; font-weight: 650; line-height: 1.3; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status { display: flex; align-items: center; gap: 6px; font-size: 13px; opacity: .92; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #f5b83d; box-shadow: 0 0 0 2px rgba(255, 255, 255, .35); }
.status[data-status="online"] .dot { background: #3ccb7f; }
.status[data-status="failed"] .dot, .status[data-status="offline"] .dot { background: #f97066; }
.icon-button {
  flex: none; width: 40px; height: 40px; border-radius: 50%; border: 0; background: transparent; color: inherit;
  display: grid; place-items: center;
}
.icon-button:hover { background: rgba(255, 255, 255, .16); background: color-mix(in srgb, currentColor 14%, transparent); }
.header :focus-visible { outline-color: currentColor; }

.alert {
  display: flex; align-items: center; gap: 10px; padding: 10px 16px;
  background: #fff4e5; color: #6b3a05; font-size: 14px; border-bottom: 1px solid #f7d8ae;
}
.alert[hidden] { display: none; }
.alert button { margin-left: auto; border: 1px solid currentColor; background: transparent; border-radius: 8px; padding: 3px 10px; font-size: 13px; font-weight: 600; }

.log { flex: 1; overflow-y: auto; padding: 4px 16px 14px; background: var(--sw-canvas); overscroll-behavior: contain; }
.row { display: flex; flex-direction: column; align-items: flex-start; margin-top: 14px; }
.row.continued { margin-top: 4px; }
.row.customer { align-items: flex-end; }
.sender { display: flex; align-items: center; gap: 6px; margin: 0 0 4px 4px; font-size: 12.5px; font-weight: 600; color: var(--sw-muted); }
.role { padding: 1px 7px; border-radius: 999px; background: #e8ebf1; color: #364152; font-size: 11px; font-weight: 600; letter-spacing: .02em; }
.rep .role { background: #dcf5e7; color: #0b5c36; }
.bubble {
  max-width: 85%; padding: 9px 13px; border-radius: 16px 16px 16px 5px;
  background: #fff; border: 1px solid var(--sw-line); box-shadow: 0 1px 2px rgba(16, 24, 40, .05);
  overflow-wrap: anywhere;
}
.customer .bubble {
  border-radius: 16px 16px 5px 16px; border-color: transparent;
  background: var(--sw-brand); color: var(--sw-on-brand); white-space: pre-wrap;
}
.customer.failed .bubble { opacity: .75; }
.bubble > :first-child { margin-top: 0; }
.bubble > :last-child { margin-bottom: 0; }
.bubble p, .bubble ul, .bubble ol, .bubble pre, .bubble blockquote, .bubble .md-table { margin: 0 0 8px; }
.bubble ul, .bubble ol { padding-left: 20px; }
.bubble li + li { margin-top: 2px; }
.bubble a { color: inherit; text-decoration: underline; text-underline-offset: 2px; font-weight: 500; }
.bubble code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f0f2f5; border-radius: 5px; padding: 1px 5px; }
.bubble pre { background: #f0f2f5; border-radius: 8px; padding: 8px 10px; overflow-x: auto; }
.bubble pre code { padding: 0; background: none; }
.bubble blockquote { padding-left: 10px; border-left: 3px solid var(--sw-line); color: var(--sw-muted); }
.bubble hr { border: 0; border-top: 1px solid var(--sw-line); }
.bubble .md-heading { font-weight: 650; }
.bubble .md-table { overflow-x: auto; }
.bubble table { border-collapse: collapse; font-size: 14px; }
.bubble th, .bubble td { border: 1px solid var(--sw-line); padding: 3px 8px; text-align: left; }
.meta { display: flex; align-items: center; gap: 6px; margin: 3px 6px 0; font-size: 12px; color: var(--sw-muted); }
.failed .meta { color: var(--sw-danger); }
.meta button { border: 0; padding: 0; background: none; color: var(--sw-danger); font-size: 12px; font-weight: 700; text-decoration: underline; }
.rating { display: inline-flex; align-items: center; gap: 2px; margin-left: 4px; }
.meta .rate { display: inline-grid; place-items: center; width: 26px; height: 26px; border-radius: 6px; color: var(--sw-muted); text-decoration: none; }
.meta .rate:hover { background: #eef0f3; color: var(--sw-ink); }
.meta .rate[aria-pressed="true"] { color: var(--sw-brand-ink); background: #eef0f3; }
.rating .thanks { margin-left: 4px; }

.notice { margin: 14px 0 4px; text-align: center; font-size: 12.5px; color: var(--sw-muted); }

.handoff-card {
  display: flex; align-items: center; gap: 12px; padding: 10px 16px; border-bottom: 1px solid var(--sw-line);
  background: #eef2f8; background: color-mix(in srgb, var(--sw-brand) 9%, #fff); font-size: 13.5px; line-height: 1.3;
}
.handoff-icon {
  flex: none; width: 34px; height: 34px; border-radius: 50%; display: grid; place-items: center;
  background: var(--sw-brand); color: var(--sw-on-brand); animation: sw-pulse 2s infinite ease-out;
}
@keyframes sw-pulse { 0% { box-shadow: 0 0 0 0 color-mix(in srgb, var(--sw-brand) 45%, transparent); } 100% { box-shadow: 0 0 0 10px transparent; } }
.handoff-text { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.handoff-text strong { font-size: 14px; font-weight: 650; }
.handoff-place { color: var(--sw-muted); }

.rep-avatar {
  flex: none; display: inline-grid; place-items: center; border-radius: 50%;
  background: var(--sw-rep); color: #fff; font-weight: 700; line-height: 1;
}
.rep-avatar.small { width: 20px; height: 20px; font-size: 11px; }
.rep-avatar.large { width: 36px; height: 36px; font-size: 16px; }
.rep .bubble { background: #effaf4; border-color: var(--sw-rep-line); white-space: pre-wrap; }
.joined {
  display: flex; align-items: center; gap: 10px; margin: 16px 0 4px; padding: 10px 12px;
  background: #fff; border: 1px solid var(--sw-rep-line); border-radius: 14px;
}
.joined p { margin: 0; font-size: 13.5px; font-weight: 600; }
.joined time { margin-left: 2px; font-size: 12px; font-weight: 400; color: var(--sw-muted); white-space: nowrap; }
.divider { display: flex; align-items: center; gap: 10px; margin: 18px 0 6px; font-size: 12.5px; font-weight: 600; color: var(--sw-muted); }
.divider::before, .divider::after { content: ""; flex: 1; border-top: 1px solid #c4c9d2; }

.leave {
  display: flex; flex-direction: column; gap: 4px; margin-top: 12px; padding: 12px 14px 14px;
  background: #fff; border: 1px solid var(--sw-line); border-radius: 14px; box-shadow: 0 1px 2px rgba(16, 24, 40, .05);
}
.leave[hidden] { display: none; }
.leave-title { margin: 0 0 4px; font-size: 14.5px; font-weight: 650; }
.leave label { margin-top: 6px; font-size: 13px; font-weight: 600; }
.leave .optional { font-weight: 400; color: var(--sw-muted); }
.leave textarea, .leave input {
  width: 100%; padding: 8px 10px; border: 1px solid #858d9b; border-radius: 10px; background: #fff; line-height: 1.4;
}
.leave textarea { min-height: 72px; max-height: 200px; resize: vertical; }
.leave [aria-invalid="true"] { border-color: var(--sw-danger); }
.leave-error { margin: 4px 0 0; font-size: 13px; color: var(--sw-danger); }
.leave-error:empty { margin: 0; }
.leave-send {
  align-self: flex-end; margin-top: 8px; border: 0; border-radius: 999px; padding: 8px 16px;
  background: var(--sw-brand); color: var(--sw-on-brand); font-weight: 600;
}
.leave-send[aria-disabled="true"] { opacity: .7; cursor: default; }

.typing { display: flex; align-items: center; gap: 8px; margin: 12px 0 0 4px; font-size: 12.5px; color: var(--sw-muted); }
.typing[hidden] { display: none; }
.dots { display: inline-flex; gap: 3px; }
.dots i { width: 6px; height: 6px; border-radius: 50%; background: #98a2b3; animation: sw-blink 1.2s infinite ease-in-out; }
.dots i:nth-child(2) { animation-delay: .15s; }
.dots i:nth-child(3) { animation-delay: .3s; }
@keyframes sw-blink { 0%, 80%, 100% { opacity: .3; transform: none; } 40% { opacity: 1; transform: translateY(-2px); } }

.suggestions { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 6px; margin-top: 12px; }
.suggestions[hidden] { display: none; }
.suggestions button {
  border: 1.5px solid var(--sw-brand); border-radius: 999px; padding: 5px 12px; background: #fff;
  color: var(--sw-brand-ink); font-size: 13.5px; font-weight: 600; line-height: 1.35;
}
.suggestions button:hover { background: var(--sw-brand); color: var(--sw-on-brand); }

.composer { display: flex; align-items: flex-end; gap: 8px; padding: 12px; border-top: 1px solid var(--sw-line); background: #fff; }
.composer textarea {
  flex: 1; min-height: 44px; max-height: 140px; resize: none; padding: 11px 14px;
  border: 1px solid #cdd2da; border-radius: 22px; background: #fff; line-height: 1.4; outline: none;
}
.composer textarea::placeholder { color: #6b7280; }
.composer textarea:focus-visible { border-color: var(--sw-brand-ink); box-shadow: 0 0 0 3px color-mix(in srgb, var(--sw-brand) 25%, transparent); }
.send {
  flex: none; width: 44px; height: 44px; border: 0; border-radius: 50%;
  display: grid; place-items: center; background: var(--sw-brand); color: var(--sw-on-brand);
}
.send:disabled { background: #e3e6ec; color: #8a93a3; cursor: default; }
.footer { padding: 0 12px 8px; text-align: center; font-size: 11.5px; color: #5d6676; background: #fff; }

@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; height: 100%; height: 100dvh; border-radius: 0; animation: none; }
  .launcher[aria-expanded="true"] { display: none; }
  .footer { padding-bottom: max(8px, env(safe-area-inset-bottom)); }
}
@media (prefers-reduced-motion: reduce) {
  .panel, .dots i, .handoff-icon { animation: none; }
  .launcher { transition: none; }
}
`;

export function applyStyles(root: ShadowRoot, host: HTMLElement, theme: Theme): void {
  // Custom properties set through CSSOM, which CSP does not treat as inline style.
  host.style.setProperty('--sw-brand', theme.brand);
  host.style.setProperty('--sw-on-brand', theme.onBrand);
  host.style.setProperty('--sw-brand-ink', theme.brandInk);
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.appendChild(style);
  }
}
