import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { exchange } from '../support/conversation.ts';
import { type Activity, history, startConversation, textOf } from '../support/directline-client.ts';
import { CLOSED_QUEUES, createStaff, queuesFile, RepConsole, startHubApp } from '../support/hub.ts';
import { chromiumPath } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const PHONE = { width: 375, height: 812 };

const handoffEvent = (a: Activity) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate';

/** A customer's page at phone width, with everything that would show an attack: dialogs and CSP reports. */
class CustomerPage {
  readonly dialogs: string[] = [];
  readonly cspViolations: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) this.cspViolations.push(message.text());
    });
  }

  static async open(browser: Browser, url: string): Promise<CustomerPage> {
    const context = await browser.newContext({ viewport: PHONE });
    const customer = new CustomerPage(context, await context.newPage());
    await customer.page.goto(`${url}/`);
    await customer.page.getByRole('dialog', { name: 'Northwind Support' }).waitFor(); // data-open="true"
    await customer.page.locator('.row.bot').first().waitFor();
    return customer;
  }

  get input(): Locator {
    return this.page.getByRole('textbox', { name: 'Message', exact: true });
  }

  get banner(): Locator {
    return this.page.locator('.handoff');
  }

  customerRow(text: string): Locator {
    return this.page.locator('.row.customer').filter({ has: this.page.locator('.bubble', { hasText: text }) });
  }

  async say(text: string): Promise<void> {
    await this.input.fill(text);
    await this.input.press('Enter');
    await this.customerRow(text).last().locator('[data-delivery="sent"]').waitFor();
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.input.blur();
    await this.page.screenshot({ path: join(SCREENSHOTS, `widget-handoff-${name}.png`) });
  }

  /** Nothing in the page or the widget's shadow root is wider than the phone. */
  async overflowsSideways(): Promise<boolean> {
    return this.page.evaluate(() => {
      const log = document.querySelector('support-chat-widget')?.shadowRoot?.querySelector('.log');
      return document.documentElement.scrollWidth > window.innerWidth || (log !== null && log !== undefined && log.scrollWidth > log.clientWidth);
    });
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

describe('Customer chat widget during a live handoff (in Chromium)', function () {
  this.timeout(90_000);
  let t: TestApp;
  let browser: Browser;
  let rep: RepConsole | undefined;
  let customer: CustomerPage | undefined;

  before(async function () {
    const executable = chromiumPath(this);
    t = await startHubApp();
    browser = await launchChromium(executable);
  });
  afterEach(async () => {
    rep?.close();
    await customer?.close();
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows the queue banner, the rep joining, their typing and plain-text messages, the end, then the survey', async () => {
    const ana = await createStaff(t.url, { name: 'Ana' });
    rep = await RepConsole.connect(t.url, ana);
    expect((await rep.send('presence:set', { presence: 'busy' })).ok).to.equal(true);

    // Someone else is already waiting, so our customer is number 2.
    const ahead = await startConversation(t.url);
    await exchange(ahead, 'talk to a person', (r) => r.some(handoffEvent));
    await waitFor(async () => (await history(ahead)).some((a) => /You're next in the queue/.test(textOf(a))), 'the first customer queued');

    customer = await CustomerPage.open(browser, t.url);
    const { page } = customer;
    await customer.say('talk to a person');
    const card = customer.banner.locator('.handoff-card');
    await card.filter({ hasText: /You’re number 2 · (about \d+ min|less than a minute)/ }).waitFor();
    expect(await customer.banner.getAttribute('role')).to.equal('status');
    expect(await card.locator('strong').innerText()).to.equal('Connecting you to a person');

    // The customer ahead goes back to the bot: the banner follows the handoff.queue event, without a new message.
    const messagesBefore = await page.locator('.row').count();
    await exchange(ahead, 'Back to the bot', (r) => r.length > 0);
    await card.filter({ hasText: /You’re next/ }).waitFor();
    expect(await page.locator('.row').count()).to.equal(messagesBefore);
    expect(await customer.overflowsSideways()).to.equal(false);
    await customer.screenshot('banner');

    // Ana takes the chat.
    expect((await rep.send('presence:set', { presence: 'available' })).ok).to.equal(true);
    const offer = await rep.nextOffer();
    expect((await rep.send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId })).ok).to.equal(true);
    const joined = page.locator('.joined');
    await joined.filter({ hasText: 'Ana from our team has joined the chat.' }).waitFor();
    expect(await joined.locator('.rep-avatar').innerText()).to.equal('A');
    await card.waitFor({ state: 'detached' });

    // Ana types, then writes: the indicator shows her name and goes when her message arrives.
    const typing = page.getByText('Ana is typing…');
    expect((await rep.send('typing', { conversationId: offer.conversationId })).ok).to.equal(true);
    await typing.waitFor();
    const hello = "Hi, I'm Ana. Let me look into that for you.";
    await rep.send('message:send', { conversationId: offer.conversationId, clientId: 'hello', text: hello });
    const helloRow = page.locator('.row.rep').filter({ hasText: hello });
    await helloRow.waitFor();
    await typing.waitFor({ state: 'hidden' });
    const label = helloRow.locator('.sender');
    expect(await label.innerText()).to.match(/^A\s*Ana\s*Live agent$/);
    expect(await label.locator('.rep-avatar').getAttribute('aria-hidden')).to.equal('true');

    // Hostile text from a rep is shown exactly as typed: no element, no handler, no link, no script.
    const payloads = ['<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '[x](javascript:alert(1))'];
    for (const [i, text] of payloads.entries()) await rep.send('message:send', { conversationId: offer.conversationId, clientId: `xss-${i}`, text });
    for (const text of payloads) {
      const bubble = page.locator('.row.rep .bubble').filter({ hasText: text });
      await bubble.waitFor();
      expect(await bubble.evaluate((el) => el.lastChild?.textContent)).to.equal(text);
      expect(await bubble.locator('img, svg, a').count(), text).to.equal(0);
    }
    expect(await page.locator('support-chat-widget img').count()).to.equal(0);
    expect(await page.evaluate(() => document.querySelector('support-chat-widget')?.shadowRoot?.querySelectorAll('[onerror], [onload], a[href^="javascript"]').length)).to.equal(0);

    // The customer's typing reaches Ana (the widget sends it at most every few seconds).
    await customer.input.pressSequentially('Thanks');
    await waitFor(() => rep!.typing.includes(offer.conversationId), 'the customer typing, at the rep');
    await customer.say('Thanks, it was order NW-10001.');
    await rep.message((m) => m.text === 'Thanks, it was order NW-10001.', 'the customer message at the rep');
    expect(await customer.overflowsSideways()).to.equal(false);
    await customer.screenshot('rep');

    // Ana ends the chat: a divider, then the bot's survey with its usual buttons.
    expect((await rep.send('close', { conversationId: offer.conversationId })).ok).to.equal(true);
    await page.locator('.divider', { hasText: 'Conversation ended' }).waitFor();
    const five = page.getByRole('group', { name: 'Suggested replies' }).getByRole('button', { name: '5', exact: true });
    await five.waitFor();
    await customer.screenshot('ended');
    await five.click();
    await customer.customerRow('5').locator('[data-delivery="sent"]').waitFor();
    await page.locator('.row.bot').filter({ hasText: "anything you'd like to tell us" }).waitFor();

    expect(customer.dialogs).to.deep.equal([]);
    expect(customer.cspViolations).to.deep.equal([]);
    expect(await customer.banner.locator('.handoff-card').count()).to.equal(0);

    // After a reload the replayed history draws the same handoff: each part once, no banner left over.
    await page.reload();
    await page.locator('.row.bot').filter({ hasText: "anything you'd like to tell us" }).waitFor();
    await page.waitForTimeout(500); // let the rest of the replay (and any duplicate) arrive
    expect(await page.locator('.joined').count()).to.equal(1);
    expect(await page.locator('.divider').count()).to.equal(1);
    expect(await page.locator('.row.rep').count()).to.equal(4);
    expect(await customer.banner.locator('.handoff-card').count()).to.equal(0);
    expect(customer.dialogs).to.deep.equal([]);
  });
});

const CLOSED = CLOSED_QUEUES;

describe('Customer chat widget when nobody can take the chat (in Chromium)', function () {
  this.timeout(60_000);
  let t: TestApp;
  let browser: Browser;
  let customer: CustomerPage | undefined;

  before(async function () {
    const executable = chromiumPath(this);
    t = await startHubApp({ HUB_QUEUES_FILE: queuesFile(CLOSED) });
    browser = await launchChromium(executable);
  });
  afterEach(() => customer?.close());
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('offers a leave-a-message form beside the choices, usable from the keyboard, and the bot passes the message on', async () => {
    customer = await CustomerPage.open(browser, t.url);
    const { page } = customer;
    await customer.say('talk to a person');
    const form = page.getByRole('form', { name: 'Leave a message for our team' });
    await form.waitFor();
    const suggestions = page.getByRole('group', { name: 'Suggested replies' });
    expect(await suggestions.getByRole('button').allInnerTexts()).to.deep.equal(['Leave a message', 'Back to the bot']);
    expect(await customer.banner.locator('.handoff-card').count(), 'no "connecting" banner when nobody can come').to.equal(0);

    // Sending it empty, or with a broken email, says what is wrong and puts focus on the field.
    const message = form.getByRole('textbox', { name: 'What can we help with?' });
    const email = form.getByRole('textbox', { name: /^Email/ });
    await form.getByRole('button', { name: 'Send message' }).click();
    await form.getByRole('alert').filter({ hasText: 'Please write your message.' }).waitFor();
    expect(await message.getAttribute('aria-invalid')).to.equal('true');
    expect(await message.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).to.equal(true);

    // From the keyboard: type, Tab to the email, Tab to the button, Enter.
    await page.keyboard.type('Please call me back about invoice 42.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-an-email');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await form.getByRole('alert').filter({ hasText: 'email address' }).waitFor();
    expect(await email.getAttribute('aria-invalid')).to.equal('true');
    expect(await message.getAttribute('aria-invalid')).to.equal(null);
    await email.fill('sam@example.com');
    expect(await email.getAttribute('aria-invalid'), 'corrected').to.equal(null);
    expect(await form.getByRole('alert').innerText()).to.equal('');
    expect(await customer.overflowsSideways()).to.equal(false);
    await customer.screenshot('leave-message');
    await email.press('Tab');
    await page.keyboard.press('Enter');

    // Two customer messages, in order, as if typed; the bot's own flow takes them.
    const left = 'Please call me back about invoice 42.\n\nEmail: sam@example.com';
    await customer.customerRow('Email: sam@example.com').locator('[data-delivery="sent"]').waitFor();
    const customerTexts = await page.locator('.row.customer .bubble').evaluateAll((els) => els.map((el) => el.lastChild?.textContent ?? ''));
    expect(customerTexts.slice(-3)).to.deep.equal(['talk to a person', 'Leave a message', left]);
    await page.locator('.row.bot').filter({ hasText: 'your message is with our team' }).waitFor();
    await form.waitFor({ state: 'hidden' });
    expect(await customer.input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), 'focus back on the composer').to.equal(true);

    // The hub has it, as a message left.
    const rows = await t.app.sql.query<{ id: string; routing: { outcome?: string } }>('SELECT id, routing FROM hub_conversations');
    expect(rows).to.have.length(1);
    expect(rows[0]!.routing.outcome).to.equal('left-message');
    const lines = await t.app.hub.deps.messages.after(rows[0]!.id, 0, { includeInternal: true });
    expect(lines.map((m) => m.text)).to.include(left);
    expect(customer.dialogs).to.deep.equal([]);
  });
});
