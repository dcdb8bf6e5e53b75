import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { launchChromium } from '../support/browser.ts';
import { exchange } from '../support/conversation.ts';
import { type Activity, activitiesUrl, call, type Conversation } from '../support/directline-client.ts';
import { createStaff, openQueues, queuesFile, RepConsole, type Staff, startHubApp } from '../support/hub.ts';
import { chromiumPath } from '../support/services.ts';
import { waitFor } from '../support/wait.ts';

const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const DESKTOP = { width: 1280, height: 720 };

/** The hub's test queues, with offers that stay open long enough for a person (or a browser) to answer. */
/** The team's own wrap-up codes: the console must offer these, not a list of its own. */
const QUEUES = `${openQueues({ offerSeconds: 30, reconnectSeconds: 30 })}dispositions:
  - { code: resolved, label: Resolved }
  - { code: refund-issued, label: Refund issued }
  - { code: escalated-to-tier-2, label: Sent to tier 2 }
`;

const handoffEvent = (a: Activity) => a.type === 'event' && (a as { name?: string }).name === 'handoff.initiate';

/** Everything on a page that would show a broken page or an attack: script errors, CSP reports, dialogs. */
function watch(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().includes('Content Security Policy')) problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { problems };
}

/** A rep's (or supervisor's) console in its own browser context, signed in through the page's form. */
class ConsolePage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly problems: string[],
  ) {}

  static async signIn(browser: Browser, url: string, staff: Staff): Promise<ConsolePage> {
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    const { problems } = watch(page);
    const response = await page.goto(`${url}/console`);
    expect(response?.headers()['content-security-policy']).to.match(/script-src 'self'/);
    await page.getByLabel('Email').fill(staff.email);
    await page.getByLabel('Password').fill(staff.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.connection[data-status="online"]').waitFor();
    return new ConsolePage(context, page, problems);
  }

  get composer(): Locator {
    return this.page.locator('#composer-input');
  }

  transcriptRow(kind: string, text: string): Locator {
    return this.page.getByRole('log').locator(`.msg-${kind}`).filter({ hasText: text });
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOTS, `console-${name}.png`) });
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** A customer in the demo shop's widget (the page at /), or in a page of the test's own that embeds it. */
class CustomerPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(browser: Browser, url: string, o: { userName?: string } = {}): Promise<CustomerPage> {
    const context = await browser.newContext({ viewport: DESKTOP });
    if (o.userName !== undefined) {
      // The shop tells the widget who is signed in (its data-user-name attribute), before the deferred widget.js runs.
      await context.addInitScript((name: string) => {
        document.addEventListener('readystatechange', () => {
          if (document.readyState === 'interactive') document.querySelector('script[src="/widget.js"]')?.setAttribute('data-user-name', name);
        });
      }, o.userName);
    }
    const page = await context.newPage();
    await page.goto(`${url}/`);
    await page.getByRole('dialog', { name: 'Northwind Support' }).waitFor();
    await page.locator('.row.bot').first().waitFor();
    return new CustomerPage(context, page);
  }

  get input(): Locator {
    return this.page.getByRole('textbox', { name: 'Message', exact: true });
  }

  row(kind: 'bot' | 'rep' | 'customer', text: string): Locator {
    return this.page.locator(`.row.${kind}`).filter({ hasText: text });
  }

  async say(text: string): Promise<void> {
    await this.input.fill(text);
    await this.input.press('Enter');
    await this.row('customer', text).last().locator('[data-delivery="sent"]').waitFor();
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** A customer without a browser (Direct Line over HTTP, named as a shop would name them), for filling the floor. */
async function customerAsking(url: string, name: string, first?: string): Promise<Conversation> {
  const token = await call('POST', `${url}/api/directline/token`, { json: { user: { name } } });
  const c = token.body as Conversation;
  expect((await call('POST', `${c.domain}/conversations`, { token: c.token, json: {} })).status).to.equal(201);
  if (first) await exchange(c, first, (r) => r.length > 0);
  await exchange(c, 'talk to a person', (r) => r.some(handoffEvent));
  return c;
}

/**
 * Types into `input` until `shown` appears: browsers tell the other side that someone is typing at most every few
 * seconds, so one keystroke right after the last notice shows nothing yet.
 */
async function typeUntil(input: Locator, text: string, shown: Locator): Promise<void> {
  await input.fill(text);
  await waitFor(async () => {
    if (await shown.isVisible()) return true;
    await input.press('End');
    await input.pressSequentially(' ');
    await input.press('Backspace');
    await new Promise((resolve) => setTimeout(resolve, 250));
    return false;
  }, `"${text}" typed until the other side shows it`, 15_000);
}

async function say(c: Conversation, text: string): Promise<void> {
  const posted = await call('POST', activitiesUrl(c), { token: c.token, json: { type: 'message', from: { id: 'x' }, text } });
  expect(posted.status).to.equal(200);
}

describe('Rep console (in Chromium)', function () {
  this.timeout(120_000);
  let t: TestApp;
  let browser: Browser;
  const open: { close(): unknown }[] = [];

  before(async function () {
    const executable = chromiumPath(this);
    t = await startHubApp({ HUB_QUEUES_FILE: queuesFile(QUEUES) });
    browser = await launchChromium(executable);
  });
  afterEach(async () => {
    // Each test signs its people out, so the next one starts with nobody online.
    for (const o of open.splice(0)) await o.close();
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });

  const signIn = async (staff: Staff) => {
    const c = await ConsolePage.signIn(browser, t.url, staff);
    open.push(c);
    return c;
  };
  const customerPage = async (o: { userName?: string } = {}) => {
    const c = await CustomerPage.open(browser, t.url, o);
    open.push(c);
    return c;
  };

  it('takes a customer from the widget: offer alert, accept, bot transcript and context, chat both ways, wrap-up, survey', async () => {
    const ana = await createStaff(t.url, { name: 'Ana', capacity: 3 });
    const rep = await signIn(ana);
    const { page } = rep;
    expect(await page.getByRole('radio', { name: 'Available' }).isChecked()).to.equal(true);
    expect(await page.getByRole('group', { name: 'Chats: 0 of 3' }).isVisible()).to.equal(true);

    const customer = await customerPage({ userName: 'Maria Lopez' });
    await customer.say('Where is my order?');
    await customer.row('bot', 'order number').waitFor();
    await customer.say('talk to a person');

    // The offer: a card with the reason in plain words, a countdown, an announcement and a beep.
    const offer = page.locator('.offer');
    await offer.waitFor();
    expect(await offer.locator('.offer-who').innerText()).to.equal('Maria Lopez');
    expect(await offer.locator('.offer-reason').innerText()).to.equal('The customer asked for a person.');
    expect(await offer.locator('.countdown').innerText()).to.match(/^\d+ s left to answer$/);
    expect(await offer.getAttribute('data-sound')).to.equal('played');
    expect(await page.getByRole('alert').filter({ hasText: 'New conversation offered' }).count()).to.equal(1);
    const conversationId = (await offer.getAttribute('data-conversation'))!;
    await offer.getByRole('button', { name: 'Accept' }).click();

    // The whole conversation, the bot part included, and the context the bot handed over.
    await page.locator('.chat-column[data-state="active"]').waitFor();
    await rep.transcriptRow('customer', 'Where is my order?').waitFor();
    await rep.transcriptRow('customer', 'talk to a person').waitFor();
    expect(await page.getByRole('log').locator('.msg-bot').count()).to.be.greaterThan(1);
    expect(await page.getByRole('log').locator('.msg-system').count()).to.be.greaterThan(0);
    const details = page.getByRole('complementary', { name: 'Conversation details' });
    expect(await details.locator('.reason').innerText()).to.equal('The customer asked for a person.');
    expect(await details.locator('.summary').innerText()).to.match(/asked for a person/);
    expect(await details.locator('.intent').count()).to.equal(1);
    expect(await details.getByRole('img', { name: /^Sentiment of \d+ customer messages/ }).count()).to.equal(1);
    expect(await page.getByRole('group', { name: 'Chats: 1 of 3' }).isVisible()).to.equal(true);
    expect(await page.locator('[data-slot="case"]').isVisible()).to.equal(true);
    await customer.page.getByText('Ana from our team has joined the chat.').waitFor();

    // An internal note stays with the staff.
    await page.getByLabel('Internal note (staff only)').check();
    await rep.composer.fill('Asked twice for the order; check the returns portal.');
    await rep.composer.press('Enter');
    await rep.transcriptRow('internal', 'check the returns portal').waitFor();
    await page.getByLabel('Internal note (staff only)').uncheck();

    // The customer types and writes; the rep sees both.
    await typeUntil(customer.input, 'How long does a refund take', page.locator('.typing', { hasText: 'Maria Lopez is typing…' }));
    await customer.input.press('Enter');
    await rep.transcriptRow('customer', 'How long does a refund take').waitFor();

    // The rep types (the customer sees it), answers with a canned response filled in, and is told it was delivered.
    await typeUntil(rep.composer, 'Let me check', customer.page.getByText('Ana is typing…'));
    await rep.composer.fill('');
    await page.getByRole('button', { name: 'Canned responses' }).click();
    await page.getByRole('button', { name: 'Greeting' }).click();
    expect(await rep.composer.inputValue()).to.equal("Hi Maria Lopez, I'm Ana from the support team. I've read your conversation with our assistant; let me help.");
    await rep.composer.press('Enter');
    const greeting = rep.transcriptRow('rep', "Hi Maria Lopez, I'm Ana from the support team.");
    await greeting.locator('.delivery', { hasText: 'Delivered' }).waitFor();
    await customer.row('rep', "Hi Maria Lopez, I'm Ana from the support team.").waitFor();
    await rep.composer.blur();
    // The picture shows the bot part too: the transcript scrolled to the customer's first message.
    await rep.transcriptRow('customer', 'Where is my order?').evaluate((row) => row.scrollIntoView({ block: 'start' }));
    await rep.screenshot('conversation');

    // A knowledge passage goes in with its citation.
    await details.getByRole('tab', { name: 'Knowledge' }).click();
    const suggestion = details.locator('.suggestion').first();
    await suggestion.waitFor();
    await suggestion.getByRole('button', { name: /with its citation/ }).click();
    expect(await rep.composer.inputValue()).to.match(/\n\nSource: .+/);
    await rep.composer.press('Enter');
    await customer.row('rep', 'Source:').waitFor();

    await customer.say('Thank you!');
    await rep.transcriptRow('customer', 'Thank you!').waitFor();

    // End the chat: the wrap-up dialog asks for a disposition; the customer gets the survey.
    await page.getByRole('button', { name: 'End chat' }).click();
    const dialog = page.getByRole('dialog', { name: /Wrap up the conversation/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close conversation' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Choose a disposition.' }).waitFor();
    const offered = await dialog.getByLabel('Disposition').locator('option').allTextContents();
    expect(offered).to.deep.equal(['Choose…', 'Resolved', 'Refund issued', 'Sent to tier 2']);
    await dialog.getByLabel('Disposition').selectOption('resolved');
    await dialog.getByLabel('Notes (staff only)').fill('Explained the refund timeline.');
    await dialog.getByRole('button', { name: 'Close conversation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.chat-column[data-state="closed"]').waitFor();
    await page.getByRole('group', { name: 'Chats: 0 of 3' }).waitFor();
    expect(await page.locator('.conversation-list li').count()).to.equal(0);

    const five = customer.page.getByRole('group', { name: 'Suggested replies' }).getByRole('button', { name: '5', exact: true });
    await five.waitFor();
    await five.click();
    await customer.row('bot', "anything you'd like to tell us").waitFor();
    await customer.say('Quick and kind, thanks.');
    await customer.row('bot', 'Thanks for your feedback').waitFor();
    expect(await customer.page.getByText('check the returns portal').count(), 'the internal note').to.equal(0);

    const [stored] = await t.app.sql.query<{ wrapup: unknown }>('SELECT wrapup FROM hub_conversations WHERE id = $1', [conversationId]);
    const wrapup = typeof stored?.wrapup === 'string' ? JSON.parse(stored.wrapup) : stored?.wrapup;
    expect(wrapup).to.deep.include({ disposition: 'resolved', notes: 'Explained the refund timeline.', by: ana.accountId });
    // Nothing depends on inline styles or scripts, so a policy without 'unsafe-inline' would not break the console.
    // (An empty style="" appears on some inputs the test drove; the console sets no style at all.)
    expect(await page.locator('[style]:not([style=""]), script:not([src])').count()).to.equal(0);
    expect(rep.problems).to.deep.equal([]);
  });

  it('shows supervisors the floor, lets them monitor a chat read-only and reassign it to another rep', async () => {
    const [bo, cy, kim] = (await Promise.all([
      createStaff(t.url, { name: 'Bo', capacity: 2 }),
      createStaff(t.url, { name: 'Cy', capacity: 2 }),
      createStaff(t.url, { name: 'Kim', role: 'supervisor', capacity: 2 }),
    ])) as [Staff, Staff, Staff];
    const boss = await signIn(kim);
    const { page } = boss;
    // Kim watches; she takes no chats herself.
    await page.getByText('Away', { exact: true }).click();
    await waitFor(async () => (await t.app.sql.query<{ presence: string }>('SELECT presence FROM hub_presence WHERE account_id = $1', [kim.accountId]))[0]?.presence === 'away', "Kim's status saved");

    // Bo has a live chat; Cy is busy; a second customer waits.
    const b = await RepConsole.connect(t.url, bo);
    const c = await RepConsole.connect(t.url, cy);
    open.push(b, c);
    await c.send('presence:set', { presence: 'busy' });
    const live = await customerAsking(t.url, 'Sam Okafor', 'I was charged twice!!! This is the third time I ask');
    const offer = await b.nextOffer();
    expect((await b.send('offer:accept', { conversationId: offer.conversationId, offerId: offer.offerId })).ok).to.equal(true);
    await b.send('presence:set', { presence: 'busy' });
    const waiting = await customerAsking(t.url, 'Lea Martin');
    await say(live, 'Hello? Anyone there?');

    await page.getByRole('button', { name: 'Floor' }).click();
    const reps = page.locator('.floor-reps');
    await reps.locator('tr', { hasText: 'Bo' }).filter({ hasText: '1 / 2' }).waitFor();
    expect(await reps.locator('tr', { hasText: 'Cy' }).innerText()).to.match(/Busy\s+0 \/ 2/);
    const general = page.locator('.floor-queues tr[data-queue="general"]');
    await waitFor(async () => /^General support\s+Open\s+1\s+\d+ s\s+(\d+ (s|min)|No estimate)/.test(await general.innerText()), 'one customer waiting in General support');
    const conversations = page.locator('.floor-live tbody tr[data-conversation]');
    await waitFor(async () => (await conversations.count()) === 2, 'both conversations on the floor');
    const liveRow = page.locator(`.floor-live tr[data-conversation="${offer.conversationId}"]`);
    expect(await liveRow.innerText()).to.match(/^Sam Okafor\s+Live\s+general\s+Bo/);
    expect(await liveRow.locator('.mood').textContent()).to.equal('negative');
    expect(await page.locator('.floor-live tr', { hasText: 'Lea Martin' }).locator('.reason-cell').innerText()).to.equal('The customer asked for a person.');
    await page.mouse.move(0, 0);
    await boss.screenshot('supervisor');

    // Monitoring: the transcript, live, and no way to write.
    await liveRow.getByRole('button', { name: /^Monitor/ }).click();
    await page.locator('.chat-column[data-mode="monitor"]').waitFor();
    await boss.transcriptRow('customer', 'Hello? Anyone there?').waitFor();
    expect(await boss.composer.count()).to.equal(0);
    expect(await page.locator('.read-only').innerText()).to.match(/read-only/);
    await say(live, 'Still waiting for the refund');
    await boss.transcriptRow('customer', 'Still waiting for the refund').waitFor();

    // Reassign it to Cy, with a note she reads as staff.
    await page.getByRole('button', { name: 'Reassign…' }).click();
    const dialog = page.getByRole('dialog', { name: /Reassign the conversation/ });
    await dialog.getByLabel('To a rep').selectOption({ label: 'Cy · busy · 0/2 chats' });
    await dialog.getByLabel(/^Note for whoever takes it/).fill('Double charge; Bo is overloaded.');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    const toCy = await c.nextOffer(offer.conversationId);
    expect((await c.send('offer:accept', { conversationId: toCy.conversationId, offerId: toCy.offerId })).ok).to.equal(true);
    await page.locator('.conversation-meta', { hasText: 'Live chat' }).waitFor();
    await boss.transcriptRow('internal', 'Double charge; Bo is overloaded.').waitFor();
    await page.getByRole('button', { name: 'Floor' }).click();
    await waitFor(async () => /Live\s+general\s+Cy/.test(await liveRow.innerText()), 'Cy on the floor with the chat');

    // The waiting customer gives up and goes back to the bot: the floor follows.
    await exchange(waiting, 'Back to the bot', (r) => r.length > 0);
    await waitFor(async () => (await conversations.count()) === 1, 'the waiting customer gone from the floor');
    expect(boss.problems).to.deep.equal([]);
  });

  it("shows a customer's markup and links as text: in the offer, the transcript, the context and the list", async () => {
    const dee = await createStaff(t.url, { name: 'Dee' });
    const rep = await signIn(dee);
    const { page } = rep;
    const hostile = {
      name: '<img src=x onerror=window.__xss=1>',
      img: '<img src=x onerror="window.__xss=1">',
      svg: '<svg onload=window.__xss=1><circle r=5></svg>',
      link: '<a href="javascript:window.__xss=1">click me</a> [click](javascript:window.__xss=1)',
    };
    const customer = await customerPage({ userName: hostile.name });
    await customer.say(hostile.svg);
    await customer.row('bot', '').nth(1).waitFor();
    await customer.say('talk to a person');

    const offer = page.locator('.offer');
    await offer.waitFor();
    expect(await offer.locator('.offer-who').innerText()).to.equal(hostile.name);
    const conversationId = (await offer.getAttribute('data-conversation'))!;
    await offer.getByRole('button', { name: 'Accept' }).click();
    await page.locator('.chat-column[data-state="active"]').waitFor();
    await customer.say(hostile.img);
    await customer.say(hostile.link);
    await rep.transcriptRow('customer', 'click me').waitFor();

    expect(await page.locator('#conversation-title').innerText()).to.equal(hostile.name);
    expect(await page.locator('.conversation-item .item-name').innerText()).to.equal(hostile.name);
    expect(await page.locator('.ctx-section dd').first().innerText()).to.equal(hostile.name);
    const texts = await page.getByRole('log').locator('.msg-customer .msg-text').allInnerTexts();
    expect(texts).to.include.members([hostile.svg, hostile.img, hostile.link]);
    expect(await page.getByRole('log').locator('.msg-customer .msg-from').first().innerText()).to.equal(`${hostile.name} · Customer`);
    expect(await page.locator('.summary').innerText()).to.contain(hostile.svg);

    // Dee sends it on to the billing queue, picked from the hub's directory of queues.
    const g = await RepConsole.connect(t.url, await createStaff(t.url, { name: 'Gil', skills: ['billing'] }));
    open.push(g);
    await page.getByRole('button', { name: 'Transfer…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Transfer the conversation with / });
    await dialog.getByLabel('Or to a queue').selectOption('billing');
    await dialog.getByLabel(/^Note for whoever takes it/).fill('Asks about a charge.');
    await dialog.getByRole('button', { name: 'Transfer' }).click();
    await page.locator('.toast', { hasText: 'Transferred to the billing queue.' }).waitFor();
    await page.locator('.chat-column:is([data-state="queued"], [data-state="offered"])').waitFor();
    await page.locator('.conversation-list li').waitFor({ state: 'detached' });
    const billing = await g.nextOffer(conversationId);
    expect((await g.send('offer:accept', { conversationId, offerId: billing.offerId })).ok).to.equal(true);
    expect((await g.send('wrapup', { conversationId, disposition: 'resolved' })).ok).to.equal(true);

    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).to.equal(undefined);
    expect(await page.locator('img, [onerror], [onload], a[href^="javascript"]').count()).to.equal(0);
    // The only SVG is the console's own sentiment chart.
    const svgs = await page.locator('svg').evaluateAll((all) => all.map((el) => el.getAttribute('class')));
    expect(svgs).to.have.length(1);
    expect(svgs[0]).to.match(/^sparkline /);
    expect(rep.problems).to.deep.equal([]);
  });

  it('carries on after the hub restarts: reconnects and fills in, once each, the messages it missed', async () => {
    const eve = await createStaff(t.url, { name: 'Eve' });
    const rep = await signIn(eve);
    const { page } = rep;
    // One offer declined (the customer then goes back to the bot), the next accepted.
    const first = await customerAsking(t.url, 'Ivan Petrov');
    const declined = page.locator('.offer', { hasText: 'Ivan Petrov' });
    await declined.getByRole('button', { name: 'Decline' }).click();
    await declined.waitFor({ state: 'detached' });
    expect(await page.getByRole('alert').filter({ hasText: 'Offer declined.' }).count()).to.equal(1);
    await exchange(first, 'Back to the bot', (r) => r.length > 0);
    const customer = await customerAsking(t.url, 'Noor Haddad');
    await page.locator('.offer', { hasText: 'Noor Haddad' }).getByRole('button', { name: 'Accept' }).click();
    await page.locator('.chat-column[data-state="active"]').waitFor();
    await say(customer, 'Before the restart');
    await rep.transcriptRow('customer', 'Before the restart').waitFor();

    // A second chat: what its customer writes while Noor's is open counts as unread, until Eve opens it.
    const other = await customerAsking(t.url, 'Omar Said');
    await page.locator('.offer', { hasText: 'Omar Said' }).getByRole('button', { name: 'Accept' }).click();
    await page.locator('#conversation-title', { hasText: 'Omar Said' }).waitFor();
    await page.locator('.conversation-item', { hasText: 'Noor Haddad' }).click();
    await page.locator('#conversation-title', { hasText: 'Noor Haddad' }).waitFor();
    await say(other, 'Are you still there?');
    await say(other, 'Hello?');
    const omar = page.locator('.conversation-item', { hasText: 'Omar Said' });
    await omar.getByLabel('2 unread').waitFor();
    expect(await page.title()).to.equal('(2) Support Hub console');
    await omar.click();
    await omar.locator('.unread').waitFor({ state: 'detached' });
    await page.locator('.conversation-item', { hasText: 'Noor Haddad' }).click();

    await t.restart();
    await say(customer, 'While the console was away');
    await page.locator('.connection[data-status="online"]').waitFor({ timeout: 20_000 });
    await rep.transcriptRow('customer', 'While the console was away').waitFor();
    await say(customer, 'After the restart');
    await rep.transcriptRow('customer', 'After the restart').waitFor();
    for (const text of ['Before the restart', 'While the console was away', 'After the restart']) expect(await rep.transcriptRow('customer', text).count(), text).to.equal(1);

    // Handed back to the bot: the chat leaves the rep's list and the composer goes.
    await page.getByRole('button', { name: 'Hand back to bot' }).click();
    await page.locator('.chat-column[data-state="bot"]').waitFor();
    expect(await page.locator('.read-only').innerText()).to.equal('This conversation is back with the bot.');
    expect(await rep.composer.count()).to.equal(0);
    await page.getByRole('group', { name: 'Chats: 1 of 3' }).waitFor();
    // Only the connection attempts made while the server was down may fail.
    expect(rep.problems.filter((p) => !/WebSocket connection .* failed|ERR_CONNECTION_REFUSED/.test(p))).to.deep.equal([]);
  });

  it('works from the keyboard, with the focus always visible', async () => {
    const fay = await createStaff(t.url, { name: 'Fay' });
    const context = await browser.newContext({ viewport: DESKTOP });
    open.push(context);
    const page = await context.newPage();
    const { problems } = watch(page);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { name: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '', id: el?.id ?? '', outline: el ? getComputedStyle(el).outlineStyle : '' };
    });

    await page.goto(`${t.url}/console`);
    await page.locator('#email:focus').waitFor();
    await page.keyboard.type(fay.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(fay.password);
    await page.keyboard.press('Enter');
    await page.locator('.connection[data-status="online"]').waitFor();

    // An offer takes the focus when nothing else has it: Enter accepts, and the reply box is next.
    await customerAsking(t.url, 'Ola Nowak');
    await page.locator('.offer button.primary:focus').waitFor();
    expect((await focused()).outline).to.equal('solid');
    await page.keyboard.press('Enter');
    await page.locator('#composer-input:focus').waitFor();
    await page.keyboard.type('Hello from the keyboard');
    await page.keyboard.press('Enter');
    await page.getByRole('log').locator('.msg-rep', { hasText: 'Hello from the keyboard' }).waitFor();

    // The details tabs follow the arrow keys.
    await page.getByRole('tab', { name: 'Context' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Knowledge' }).getAttribute('aria-selected')).to.equal('true');
    expect((await focused()).name).to.equal('Knowledge');

    // The wrap-up dialog is modal: focus starts inside it, Escape cancels and gives the focus back.
    const end = page.getByRole('button', { name: 'End chat' });
    await end.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Wrap up the conversation with Ola Nowak/ });
    await dialog.waitFor();
    expect((await focused()).id).to.equal('wrapup-disposition');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await focused()).name).to.equal('Wrap up…');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('ArrowDown'); // the first disposition: Resolved
    await page.keyboard.press('Tab');
    await page.keyboard.type('Done by keyboard.');
    await dialog.getByRole('button', { name: 'Close conversation' }).press('Enter');
    await page.locator('.chat-column[data-state="closed"]').waitFor();
    expect(problems).to.deep.equal([]);
  });
});
