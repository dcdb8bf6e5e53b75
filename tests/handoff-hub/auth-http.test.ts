import { expect } from 'chai';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ADMIN, call, type CookieSession, createAccount, signIn, signInForToken } from './auth-support.ts';

const REP = { email: 'rep@example.com', password: 'rep-password-0123' };

describe('Hub sign-in over HTTP (/api/hub/auth)', () => {
  let t: TestApp;
  let admin: CookieSession;

  before(async function () {
    this.timeout(120_000);
    t = await startTestApp({ HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password });
    admin = await signIn(t.url, ADMIN.email, ADMIN.password);
    await createAccount(t.url, admin, { ...REP, role: 'rep', displayName: 'Rita Rep' });
  });
  after(() => t?.stop());

  describe('login', () => {
    it('answers 200 with the account and sets an httpOnly, SameSite=Strict session cookie for the TTL', async () => {
      const reply = await call(t.url, '/api/hub/auth/login', { body: { email: 'REP@example.com', password: REP.password } });
      expect(reply.status).to.equal(200);
      expect(reply.body.account).to.deep.include({ email: REP.email, displayName: 'Rita Rep', role: 'rep' });
      expect(reply.body.account).to.have.all.keys('id', 'email', 'displayName', 'role');
      expect(JSON.stringify(reply.body)).not.to.match(/hash|argon/i);
      const [session, csrf] = reply.headers.getSetCookie();
      expect(session).to.match(/^hub_session=[\w-]+\.[\w-]+\.[\w-]+;/);
      expect(session).to.include('HttpOnly').and.include('SameSite=Strict').and.include('Path=/').and.include('Max-Age=28800');
      expect(session, 'plain http here: Secure would drop the cookie').not.to.include('Secure');
      expect(csrf).to.match(/^hub_csrf=[\w-]+;/);
      expect(csrf, 'the console script reads it').not.to.include('HttpOnly');
    });

    it('gives the same answer for an unknown email as for a wrong password', async () => {
      const unknown = await call(t.url, '/api/hub/auth/login', { body: { email: 'nobody@example.com', password: 'whatever-it-is' } });
      const wrong = await call(t.url, '/api/hub/auth/login', { body: { email: REP.email, password: 'not-the-password' } });
      expect(unknown.status).to.equal(401);
      expect(wrong.status).to.equal(401);
      expect(unknown.body).to.deep.equal(wrong.body);
      expect(unknown.headers.getSetCookie()).to.deep.equal([]);
    });

    it('answers 429 with Retry-After after five failures for one email from one address, even to the right password', async () => {
      await createAccount(t.url, admin, { email: 'target@example.com', password: 'target-password-01', role: 'rep' });
      for (let i = 0; i < 5; i++) {
        const reply = await call(t.url, '/api/hub/auth/login', { body: { email: 'target@example.com', password: `guess-number-${i}` } });
        expect(reply.status).to.equal(401);
      }
      const blocked = await call(t.url, '/api/hub/auth/login', { body: { email: 'target@example.com', password: 'target-password-01' } });
      expect(blocked.status).to.equal(429);
      expect(Number(blocked.headers.get('retry-after'))).to.be.greaterThan(0);
      expect((await call(t.url, '/api/hub/auth/login', { body: REP })).status, 'other accounts unaffected').to.equal(200);
    });

    it('names the failing field of a malformed body', async () => {
      const reply = await call(t.url, '/api/hub/auth/login', { body: { email: 'not-an-email', password: 'x' } });
      expect(reply.status).to.equal(400);
      expect(reply.body.error.message).to.match(/^body\.email: /);
    });

    it("refuses a sign-in posted from another site's page", async () => {
      const reply = await call(t.url, '/api/hub/auth/login', { body: REP, headers: { origin: 'https://evil.example' } });
      expect(reply.status).to.equal(403);
    });
  });

  describe('sessions', () => {
    it('knows who is signed in by cookie and by bearer token', async () => {
      const rep = await signIn(t.url, REP.email, REP.password);
      const byCookie = await call(t.url, '/api/hub/auth/me', { headers: rep.cookieHeader });
      expect(byCookie.status).to.equal(200);
      expect(byCookie.body.account).to.include({ email: REP.email, role: 'rep' });
      expect(byCookie.body.csrfToken).to.equal(rep.csrf);
      const token = await signInForToken(t.url, REP.email, REP.password);
      const byBearer = await call(t.url, '/api/hub/auth/me', { headers: { authorization: `Bearer ${token}` } });
      expect(byBearer.body.account.id).to.equal(rep.accountId);
      expect((await call(t.url, '/api/hub/auth/me')).status).to.equal(401);
    });

    it('ends the session on logout and clears the cookies', async () => {
      const rep = await signIn(t.url, REP.email, REP.password);
      const out = await call(t.url, '/api/hub/auth/logout', { method: 'POST', headers: rep.stateHeaders });
      expect(out.status).to.equal(204);
      expect(out.headers.getSetCookie().every((c) => c.includes('Max-Age=0'))).to.equal(true);
      expect((await call(t.url, '/api/hub/auth/me', { headers: rep.cookieHeader })).status, 'replayed cookie').to.equal(401);
    });

    it('ends the session when it expires', async () => {
      const rep = await signIn(t.url, REP.email, REP.password);
      await t.app.sql.query("UPDATE hub_sessions SET expires_at = now() - interval '1 second' WHERE account_id = $1", [rep.accountId]);
      const reply = await call(t.url, '/api/hub/auth/me', { headers: rep.cookieHeader });
      expect(reply.status).to.equal(401);
      expect(reply.body.error.message).to.include('sign in again');
    });

    it("refuses a disabled account's sign-in and ends its open sessions", async () => {
      const id = await createAccount(t.url, admin, { email: 'leaver@example.com', password: 'leaver-password-1', role: 'rep' });
      const leaver = await signIn(t.url, 'leaver@example.com', 'leaver-password-1');
      expect((await call(t.url, '/api/hub/auth/me', { headers: leaver.cookieHeader })).status).to.equal(200);
      const patched = await call(t.url, `/api/hub/accounts/${id}`, { method: 'PATCH', body: { disabled: true }, headers: admin.stateHeaders });
      expect(patched.status).to.equal(200);
      expect((await call(t.url, '/api/hub/auth/me', { headers: leaver.cookieHeader })).status).to.equal(401);
      const again = await call(t.url, '/api/hub/auth/login', { body: { email: 'leaver@example.com', password: 'leaver-password-1' } });
      expect(again.status).to.equal(403);
      expect(again.body.error.code).to.equal('AccountDisabled');
    });
  });

  describe('CSRF on state-changing routes', () => {
    const newAccount = (email: string) => ({ email, password: 'csrf-password-0123', role: 'rep', displayName: 'X' });

    it('refuses a cross-origin request carrying only the cookie (403), and creates nothing', async () => {
      const reply = await call(t.url, '/api/hub/accounts', {
        body: newAccount('forged@example.com'),
        headers: { ...admin.cookieHeader, origin: 'https://evil.example' },
      });
      expect(reply.status).to.equal(403);
      const list = await call(t.url, '/api/hub/accounts', { headers: admin.cookieHeader });
      expect(list.body.accounts.map((a: { email: string }) => a.email)).not.to.include('forged@example.com');
    });

    it('refuses a same-origin cookie request without the CSRF token, or with another session’s', async () => {
      const bare = await call(t.url, '/api/hub/accounts', { body: newAccount('no-token@example.com'), headers: { ...admin.cookieHeader, origin: t.url } });
      expect(bare.status).to.equal(403);
      expect(bare.body.error.code).to.equal('CsrfTokenInvalid');
      const rep = await signIn(t.url, REP.email, REP.password);
      const swapped = await call(t.url, '/api/hub/accounts', {
        body: newAccount('swapped@example.com'),
        headers: { ...admin.stateHeaders, 'x-csrf-token': rep.csrf },
      });
      expect(swapped.status).to.equal(403);
    });

    it('accepts the cookie with our origin and the token, and a bearer token without either', async () => {
      expect((await call(t.url, '/api/hub/accounts', { body: newAccount('ok-1@example.com'), headers: admin.stateHeaders })).status).to.equal(201);
      const token = await signInForToken(t.url, ADMIN.email, ADMIN.password);
      const bearer = await call(t.url, '/api/hub/accounts', { body: newAccount('ok-2@example.com'), headers: { authorization: `Bearer ${token}` } });
      expect(bearer.status).to.equal(201);
    });

    it('leaves reads alone: a GET needs no token', async () => {
      expect((await call(t.url, '/api/hub/accounts', { headers: admin.cookieHeader })).status).to.equal(200);
    });
  });
});
