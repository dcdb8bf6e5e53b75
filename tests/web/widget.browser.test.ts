import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { chromiumPath } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

describe('Customer chat widget (in Chromium)', function () {
  this.timeout(30_000);
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cspViolations: string[];

  before(async function () {
    const executable = chromiumPath(this);
    app = await startTestApp();
    browser = await launchChromium(executable);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  beforeEach(async () => {
    // A fresh context per test: its own localStorage, so each test starts a new conversation.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    cspViolations = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });
  });

  afterEach(async () => {
    await context?.close();
  });

  const panel = () => page.getByRole('dialog', { name: 'Northwind Support' });
  const input = () => page.getByRole('textbox', { name: 'Message' });
  const botRows = () => page.locator('.row.bot');
  const customerRows = () => page.locator('.row.customer');
  const customerRow = (text: string) => customerRows().filter({ has: page.locator('.bubble', { hasText: text }) });

  async function openDemo(): Promise<void> {
    await page.goto(`${app.url}/`);
    await panel().waitFor(); // data-open="true" on the demo page
    await botRows().first().waitFor();
  }

  async function say(text: string): Promise<Locator> {
    await input().fill(text);
    await input().press('Enter');
    const row = customerRow(text).last();
    await row.locator('[data-delivery="sent"]').waitFor();
    return row;
  }

  /**
   * The bot's answer to the customer's message containing `text`: the first bot row after the last such customer
   * row (waits for it). The bot's wording belongs to its topics, so the widget tests never match on it.
   */
  async function botReply(text: string): Promise<Locator> {
    const { nth } = await waitFor(async () => {
      const rows = await page.locator('.row').evaluateAll((elements) =>
        elements.map((e) => ({ bot: e.classList.contains('bot'), customer: e.classList.contains('customer'), text: e.textContent ?? '' })),
      );
      const asked = rows.findLastIndex((r) => r.customer && r.text.includes(text));
      if (asked < 0 || !rows.slice(asked + 1).some((r) => r.bot)) return undefined;
      return { nth: rows.slice(0, asked).filter((r) => r.bot).length };
    }, `the bot's answer to "${text}"`);
    return botRows().nth(nth);
  }

  it('opens at load on the demo page and shows the bot welcome', async () => {
    await openDemo();
    expect(await botRows().first().locator('.bubble').innerText()).to.contain('Hi');
    expect(await page.getByRole('button', { name: 'Close chat' }).first().isVisible()).to.equal(true);
    expect(await page.locator('.status').innerText()).to.contain('Online');
  });

  it("marks the customer's message sent and shows the bot's reply", async () => {
    await openDemo();
    const row = await say('Where is my order 1042?');
    expect(await row.locator('.bubble').innerText()).to.contain('Where is my order 1042?');
    const reply = await botReply('Where is my order 1042?');
    expect(await reply.locator('time').getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
  });

  it('shows the same history, each message once, after a reload', async () => {
    await openDemo();
    await say('First question');
    await botReply('First question');
    await say('Second question');
    await botReply('Second question');
    const before = await page.locator('.row').allInnerTexts();

    await page.reload();
    await botReply('Second question');
    await page.waitForTimeout(500); // let the rest of a replay (and any duplicate) arrive
    expect(await page.locator('.row').allInnerTexts()).to.deep.equal(before);
    expect(await customerRow('First question').count()).to.equal(1);
    expect(await botRows().filter({ hasText: /Hi, I'm/ }).count()).to.equal(1);
  });

  it('renders bot markdown as formatting and customer text literally', async () => {
    await openDemo();
    expect(await botRows().first().locator('.bubble strong').count()).to.be.greaterThan(0);

    const hostile = '<img src=x onerror="window.__xss=1"> and **bold**';
    const row = await say(hostile);
    const bubble = row.locator('.bubble');
    expect(await bubble.evaluate((el) => el.lastChild?.textContent)).to.equal(hostile);
    expect(await bubble.locator('strong, img').count()).to.equal(0);

    await botReply(hostile);
    const widget = page.locator('support-chat-widget');
    expect(await widget.locator('img').count()).to.equal(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).to.equal(undefined);
  });

  it('offers suggested actions as buttons that send their value and then disappear', async () => {
    await openDemo();
    await say('help');
    const suggestions = page.getByRole('group', { name: 'Suggested replies' });
    // Not "Talk to a person": the hub's answer to that brings buttons of its own.
    const track = suggestions.getByRole('button', { name: 'Track my order' });
    await track.waitFor();
    await track.click();
    await customerRow('Track my order').locator('[data-delivery="sent"]').waitFor();
    expect(await suggestions.isVisible()).to.equal(false);
    await botReply('Track my order');
  });

  it('shows "is typing" for a few seconds and names a person who speaks through the bot', async () => {
    // Activities the bot does not send yet (typing, a rep's message) are added to the real stream in the browser.
    let stream: WebSocketRoute | undefined;
    await page.routeWebSocket(/\/stream\?/, (ws) => {
      ws.connectToServer();
      stream = ws;
    });
    await openDemo();
    const push = (activity: object) => stream?.send(JSON.stringify({ activities: [activity] }));
    const from = { id: 'bot', name: 'Support Bot', role: 'bot' };
    const typing = page.getByText('Support Bot is typing…');

    push({ type: 'typing', id: 'test|typing-1', from });
    await typing.waitFor();
    await typing.waitFor({ state: 'hidden', timeout: 5000 });

    push({ type: 'typing', id: 'test|typing-2', from });
    await typing.waitFor();
    push({
      type: 'message',
      id: 'test|0001',
      text: 'Hi, I am **Dana** from the Northwind team.',
      from,
      timestamp: new Date().toISOString(),
      channelData: { sender: { kind: 'rep', name: 'Dana' } },
    });
    const row = page.locator('.row.rep').filter({ hasText: 'from the Northwind team' });
    await row.waitFor();
    expect(await typing.isVisible()).to.equal(false);
    const label = await row.locator('.sender').innerText();
    expect(label).to.contain('Dana');
    expect(label).to.contain('Live agent');
    // A person's words are shown as typed: never markdown, even when the activity does not say textFormat plain.
    expect(await row.locator('.bubble strong').count()).to.equal(0);
    expect(await row.locator('.bubble').evaluate((el) => el.lastChild?.textContent)).to.equal('Hi, I am **Dana** from the Northwind team.');
  });

  it('marks a message that could not be posted as failed and retries it with the same clientActivityID', async () => {
    await openDemo();
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && /\/conversations\/[^/]+\/activities$/.test(request.url())) {
        const body = request.postDataJSON() as { type: string; channelData?: { clientActivityID?: string } };
        if (body.type === 'message') posted.push(body.channelData?.clientActivityID ?? '');
      }
    });
    await page.route(/\/conversations\/[^/]+\/activities$/, (route) => route.abort('connectionreset'));
    await input().fill('Are you there?');
    await input().press('Enter');
    const row = customerRow('Are you there?');
    await row.locator('[data-delivery="failed"]').waitFor();
    expect(await row.locator('.delivery').innerText()).to.equal('Not sent');

    await page.unroute(/\/conversations\/[^/]+\/activities$/);
    await row.getByRole('button', { name: 'Retry sending this message' }).click();
    await row.locator('[data-delivery="sent"]').waitFor();
    await botReply('Are you there?');
    expect(posted).to.have.length(2);
    expect(posted[0]).to.be.a('string').and.not.equal('');
    expect(posted[1]).to.equal(posted[0]);
    expect(await customerRow('Are you there?').count()).to.equal(1);
  });

  it('shows "Reconnecting" while the server restarts and carries on in the same conversation', async function () {
    this.timeout(60_000); // DirectLineJS waits a random 3–15 s before reopening a dropped stream
    await openDemo();
    await say('Hello before the restart');
    await botReply('Hello before the restart');
    const status = page.locator('.status');

    await app.restart();
    await status.filter({ hasText: 'Reconnecting' }).waitFor({ timeout: 10_000 });
    await status.filter({ hasText: 'Online' }).waitFor({ timeout: 30_000 });
    await say('Thanks after the restart');
    await botReply('Thanks after the restart');
    expect(await customerRow('Hello before the restart').count()).to.equal(1);
  });

  it('works from the keyboard: Tab to the launcher, Enter opens, Escape closes and returns focus', async () => {
    await openDemo();
    expect(await focusedInWidget()).to.equal(null); // opening at load does not take the page's focus
    await input().focus();
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'hidden' });
    expect(await focusedInWidget()).to.equal('launcher');

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const launcher = page.getByRole('button', { name: /^Open chat/ });
    for (let i = 0; i < 40 && (await focusedInWidget()) !== 'launcher'; i++) await page.keyboard.press('Tab');
    expect(await focusedInWidget()).to.equal('launcher');
    expect(await launcher.getAttribute('aria-expanded')).to.equal('false');

    await page.keyboard.press('Enter');
    await panel().waitFor();
    expect(await focusedInWidget()).to.equal('sw-input');
    expect(await page.locator('.launcher').getAttribute('aria-expanded')).to.equal('true');

    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'hidden' });
    expect(await focusedInWidget()).to.equal('launcher');
  });

  it('lets the host page open and close it through window.SupportWidget', async () => {
    await openDemo();
    await page.evaluate(() => (window as { SupportWidget?: { close(): void } }).SupportWidget?.close());
    await panel().waitFor({ state: 'hidden' });
    await page.evaluate(() => (window as { SupportWidget?: { open(): void } }).SupportWidget?.open());
    await panel().waitFor();
  });

  it('runs under the server Content-Security-Policy without violations', async () => {
    const response = await page.goto(`${app.url}/`);
    expect(response?.headers()['content-security-policy']).to.contain("script-src 'self'");
    await botRows().first().waitFor();
    await say('Checking CSP');
    await botReply('Checking CSP');
    expect(cspViolations).to.deep.equal([]);
  });

  it('lets the customer rate a knowledge answer, and stores the rating with the article', async () => {
    await openDemo();
    await say('How long does a refund take?');
    const rating = page.getByRole('group', { name: 'Was this answer helpful?' }).last();
    await rating.waitFor();
    const helpful = rating.getByRole('button', { name: 'Helpful', exact: true });
    expect(await helpful.getAttribute('aria-pressed')).to.equal('false');
    await helpful.click();
    await page.getByText('Thanks for the feedback').waitFor();
    expect(await rating.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')).to.equal('true');
    const rows = await waitFor(async () => {
      const stored = await app.app.sql.query<{ document_id: string; helpful: boolean }>('SELECT document_id, helpful FROM kb_feedback');
      return stored.length > 0 ? stored : undefined;
    }, 'the stored rating');
    expect(rows).to.deep.equal([{ document_id: 'files:returns-and-refunds.md', helpful: true }]);
  });

  it('takes desktop and phone screenshots of a conversation', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await openDemo();
    await say('Where is my order NW-10001?');
    await page.getByText('Is there anything else I can help with?').waitFor();
    await say('How long does a refund take?');
    await page.getByRole('button', { name: 'Yes', exact: true }).waitFor();
    await input().blur();
    await page.screenshot({ path: join(SCREENSHOTS, 'widget-desktop.png') });

    await page.setViewportSize({ width: 390, height: 844 });
    const box = await panel().boundingBox();
    expect(box).to.deep.include({ x: 0, y: 0, width: 390, height: 844 });
    await page.screenshot({ path: join(SCREENSHOTS, 'widget-phone.png') });
  });

  /** The focused element inside the widget's shadow root: 'launcher', an id, or null. */
  function focusedInWidget(): Promise<string | null> {
    return page.evaluate(() => {
      const host = document.querySelector('support-chat-widget');
      if (document.activeElement !== host) return null;
      const active = host?.shadowRoot?.activeElement;
      if (!active) return null;
      return active.classList.contains('launcher') ? 'launcher' : active.id || active.className;
    });
  }
});

describe('Customer chat widget when the server sheds new conversations (in Chromium)', function () {
  this.timeout(60_000);
  let app: TestApp;
  let browser: Browser;

  before(async function () {
    const executable = chromiumPath(this);
    app = await startTestApp({ TOKEN_RATE_LIMIT_PER_MINUTE: '1' });
    browser = await launchChromium(executable);
  });

  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('tells the customer it is busy instead of failing, when the token endpoint answers 429', async () => {
    const first = await browser.newContext();
    const second = await browser.newContext();
    try {
      const served = await first.newPage();
      await served.goto(`${app.url}/`);
      await served.locator('.row.bot').first().waitFor(); // this page used the one conversation allowed
      const shed = await second.newPage();
      await shed.goto(`${app.url}/`);
      await shed.locator('.status', { hasText: 'Many chats right now' }).waitFor();
      expect(await shed.getByRole('alert').isHidden()).to.equal(true); // not shown as a failure
    } finally {
      await first.close();
      await second.close();
    }
  });
});
