import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { type App, createApp } from '../../app.ts';
import { ConfigError, loadConfig } from '../../core/config.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { ADMIN, call, type CookieSession, createAccount, signIn } from './auth-support.ts';

describe('Hub account management (/api/hub/accounts)', () => {
  let t: TestApp;
  let admin: CookieSession;
  let rep: CookieSession;
  let repId: string;

  before(async function () {
    this.timeout(120_000);
    t = await startTestApp({ HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password });
    admin = await signIn(t.url, ADMIN.email, ADMIN.password);
    repId = await createAccount(t.url, admin, { email: 'rep@example.com', password: 'rep-password-0123', role: 'rep' });
    rep = await signIn(t.url, 'rep@example.com', 'rep-password-0123');
  });
  after(() => t?.stop());

  it('seeded the admin from HUB_ADMIN_EMAIL and HUB_ADMIN_PASSWORD', async () => {
    const me = await call(t.url, '/api/hub/auth/me', { headers: admin.cookieHeader });
    expect(me.body.account).to.include({ email: ADMIN.email, role: 'admin' });
  });

  it('answers 403 to a rep and 401 to nobody, on every account route', async () => {
    const routes = [
      { path: '/api/hub/accounts', method: 'GET' },
      { path: '/api/hub/accounts', method: 'POST', body: { email: 'x@example.com', password: 'x-password-0123', role: 'admin', displayName: 'X' } },
      { path: `/api/hub/accounts/${repId}`, method: 'PATCH', body: { role: 'admin' } },
      { path: `/api/hub/accounts/${repId}/password`, method: 'POST', body: { password: 'new-password-0123' } },
    ];
    for (const r of routes) {
      expect((await call(t.url, r.path, { ...r, headers: rep.stateHeaders })).status, `rep ${r.method} ${r.path}`).to.equal(403);
      expect((await call(t.url, r.path, r)).status, `anonymous ${r.method} ${r.path}`).to.equal(401);
    }
    const me = await call(t.url, '/api/hub/auth/me', { headers: rep.cookieHeader });
    expect(me.body.account.role, 'the rep did not promote itself').to.equal('rep');
  });

  it('lists accounts without their password hashes', async () => {
    const list = await call(t.url, '/api/hub/accounts', { headers: admin.cookieHeader });
    expect(list.status).to.equal(200);
    expect(list.body.accounts.map((a: { email: string }) => a.email)).to.include.members([ADMIN.email, 'rep@example.com']);
    expect(JSON.stringify(list.body)).not.to.match(/hash|argon/i);
  });

  it('creates a supervisor with skills, languages and capacity, and refuses the same email twice (409)', async () => {
    const body = { email: 'sup@example.com', password: 'sup-password-0123', role: 'supervisor', displayName: 'Sue',
      skills: ['billing', 'billing', 'tech'], languages: ['en'], capacity: 5 };
    const created = await call(t.url, '/api/hub/accounts', { body, headers: admin.stateHeaders });
    expect(created.status).to.equal(201);
    expect(created.body.account).to.deep.include({ role: 'supervisor', skills: ['billing', 'tech'], languages: ['en'], capacity: 5, disabled: false });
    const twice = await call(t.url, '/api/hub/accounts', { body: { ...body, email: 'SUP@example.com' }, headers: admin.stateHeaders });
    expect(twice.status).to.equal(409);
  });

  it('names the field in a validation error (password policy: at least 12 characters)', async () => {
    const cases: [unknown, RegExp][] = [
      [{ email: 'short@example.com', password: 'short', role: 'rep', displayName: 'S' }, /^body\.password: at least 12 characters/],
      [{ email: 'role@example.com', password: 'long-enough-pw', role: 'owner', displayName: 'R' }, /^body\.role: /],
      [{ email: 'cap@example.com', password: 'long-enough-pw', role: 'rep', displayName: 'C', capacity: -1 }, /^body\.capacity: /],
      [{ email: 'extra@example.com', password: 'long-enough-pw', role: 'rep', displayName: 'E', isAdmin: true }, /isAdmin/],
    ];
    for (const [body, message] of cases) {
      const reply = await call(t.url, '/api/hub/accounts', { body, headers: admin.stateHeaders });
      expect(reply.status).to.equal(400);
      expect(reply.body.error.message).to.match(message);
    }
    const empty = await call(t.url, `/api/hub/accounts/${repId}`, { method: 'PATCH', body: {}, headers: admin.stateHeaders });
    expect(empty.status).to.equal(400);
  });

  it('updates role, capacity and skills; the new role applies to the open session', async () => {
    const patched = await call(t.url, `/api/hub/accounts/${repId}`, {
      method: 'PATCH',
      body: { role: 'supervisor', capacity: 6, skills: ['returns'] },
      headers: admin.stateHeaders,
    });
    expect(patched.status).to.equal(200);
    expect(patched.body.account).to.deep.include({ role: 'supervisor', capacity: 6, skills: ['returns'] });
    const me = await call(t.url, '/api/hub/auth/me', { headers: rep.cookieHeader });
    expect(me.body.account.role).to.equal('supervisor');
    await call(t.url, `/api/hub/accounts/${repId}`, { method: 'PATCH', body: { role: 'rep' }, headers: admin.stateHeaders });
    expect((await call(t.url, '/api/hub/accounts/no-such-id', { method: 'PATCH', body: { capacity: 1 }, headers: admin.stateHeaders })).status).to.equal(404);
  });

  it('resets a password: the old one and its sessions stop working, the new one signs in', async () => {
    const reply = await call(t.url, `/api/hub/accounts/${repId}/password`, { body: { password: 'brand-new-password-1' }, headers: admin.stateHeaders });
    expect(reply.status).to.equal(204);
    expect((await call(t.url, '/api/hub/auth/me', { headers: rep.cookieHeader })).status).to.equal(401);
    expect((await call(t.url, '/api/hub/auth/login', { body: { email: 'rep@example.com', password: 'rep-password-0123' } })).status).to.equal(401);
    rep = await signIn(t.url, 'rep@example.com', 'brand-new-password-1');
  });

  it('refuses to disable the last admin (409), so the hub is never locked out', async () => {
    const reply = await call(t.url, `/api/hub/accounts/${admin.accountId}`, { method: 'PATCH', body: { disabled: true }, headers: admin.stateHeaders });
    expect(reply.status).to.equal(409);
    expect((await call(t.url, '/api/hub/auth/me', { headers: admin.cookieHeader })).status).to.equal(200);
  });
});

describe('The first hub admin without HUB_ADMIN_* (generated password)', () => {
  let app: App | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'support-hub-seed-'));
  const lines: { level: number; msg: string }[] = [];

  before(async function () {
    this.timeout(120_000);
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, HUB_COOKIE_SECURE: 'true', SHUTDOWN_TIMEOUT_MS: '2000' });
    app = await createApp(config, log);
    await app.listen();
  });
  after(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates admin@localhost, logs its password once at warn, and that password signs in', async () => {
    const seeded = lines.filter((l) => l.msg.includes('first hub admin'));
    expect(seeded).to.have.length(1);
    expect(seeded[0]!.level).to.equal(40);
    const password = / with the password (\S+) /.exec(seeded[0]!.msg)?.[1];
    expect(password).to.have.length.greaterThanOrEqual(12);
    const [row] = await app!.sql.query<{ password_hash: string }>('SELECT password_hash FROM hub_accounts');
    expect(row!.password_hash).to.match(/^\$argon2id\$/).and.not.include(password!);
    const reply = await call(app!.url, '/api/hub/auth/login', { body: { email: 'admin@localhost', password } });
    expect(reply.status).to.equal(200);
    expect(reply.headers.getSetCookie()[0], 'HUB_COOKIE_SECURE=true').to.include('Secure');
  });

  it('does not create or log another one on the next start', async function () {
    this.timeout(120_000);
    await app!.close();
    lines.length = 0;
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '2000' }), log);
    expect(lines.filter((l) => l.msg.includes('first hub admin'))).to.deep.equal([]);
    const [count] = await app.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM hub_accounts');
    expect(count!.n).to.equal(1);
  });
});

describe('Hub settings (config)', () => {
  it('defaults to 8-hour sessions, Secure cookies only when PUBLIC_URL is https', () => {
    expect(loadConfig({}).hub).to.deep.include({ adminEmail: undefined, adminPassword: undefined, sessionTtlMinutes: 480, cookieSecure: false });
    expect(loadConfig({ PUBLIC_URL: 'https://support.example.com' }).hub.cookieSecure).to.equal(true);
    expect(loadConfig({ PUBLIC_URL: 'https://support.example.com', HUB_COOKIE_SECURE: 'false' }).hub.cookieSecure).to.equal(false);
  });

  it('refuses an admin email without a password, a short password, and never echoes it', () => {
    const failing: [Record<string, string>, RegExp][] = [
      [{ HUB_ADMIN_EMAIL: 'a@example.com' }, /HUB_ADMIN_PASSWORD/],
      [{ HUB_ADMIN_PASSWORD: 'long-enough-secret' }, /HUB_ADMIN_EMAIL/],
      [{ HUB_ADMIN_EMAIL: 'a@example.com', HUB_ADMIN_PASSWORD: 'short-pw' }, /HUB_ADMIN_PASSWORD.*12 characters/],
      [{ HUB_SESSION_TTL_MINUTES: '1' }, /HUB_SESSION_TTL_MINUTES/],
    ];
    for (const [env, message] of failing) {
      expect(() => loadConfig(env)).to.throw(ConfigError, message);
      try {
        loadConfig(env);
      } catch (error) {
        expect((error as Error).message).not.to.include('short-pw');
      }
    }
  });
});
