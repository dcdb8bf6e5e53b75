import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { attachHub, createHubAuth, type HubServer, type Principal } from '../../handoff-hub/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';
import { ADMIN, call, createAccount, signIn, signInForToken } from './auth-support.ts';

const REP = { email: 'socket-rep@example.com', password: 'socket-rep-password' };

type Outcome = { connected: true; socket: Socket } | { connected: false; data: { code?: string; reason?: string; message?: string } };

/** Connects once (no reconnection) and reports whether the server admitted the socket. */
function open(url: string, o: { token?: string; headers?: Record<string, string> } = {}): Promise<Outcome> {
  const socket = connect(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(o.token ? { auth: { token: o.token } } : {}),
    ...(o.headers ? { extraHeaders: o.headers } : {}),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true, socket }));
    socket.once('connect_error', (error: Error & { data?: object }) => {
      socket.close();
      resolve({ connected: false, data: error.data ?? { message: error.message } });
    });
  });
}

describe('Hub sockets: authentication on connect', () => {
  let t: TestApp;
  const opened: Socket[] = [];
  const keep = (outcome: Outcome) => {
    if (outcome.connected) opened.push(outcome.socket);
    return outcome;
  };

  before(async function () {
    this.timeout(120_000);
    t = await startTestApp({ HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password });
    await createAccount(t.url, await signIn(t.url, ADMIN.email, ADMIN.password), { ...REP, role: 'rep' });
  });
  afterEach(() => opened.splice(0).forEach((s) => s.close()));
  after(() => t?.stop());

  it('refuses a socket without credentials, saying sign-in is required', async () => {
    const outcome = await open(t.url);
    expect(outcome.connected).to.equal(false);
    expect(outcome.connected || outcome.data).to.include({ code: 'unauthorised', reason: 'AUTH_REQUIRED' });
  });

  it('refuses a forged token', async () => {
    const outcome = await open(t.url, { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' });
    expect(outcome.connected || outcome.data).to.include({ reason: 'AUTH_INVALID' });
  });

  it('admits a socket with a live session token (auth.token) or the session cookie from our own origin', async () => {
    const token = await signInForToken(t.url, REP.email, REP.password);
    expect(keep(await open(t.url, { token })).connected).to.equal(true);
    const browser = await signIn(t.url, REP.email, REP.password);
    expect(keep(await open(t.url, { headers: { cookie: browser.cookie, origin: t.url } })).connected).to.equal(true);
  });

  it("refuses the session cookie sent from another site's page (cross-site WebSocket hijacking)", async () => {
    const browser = await signIn(t.url, REP.email, REP.password);
    const outcome = keep(await open(t.url, { headers: { cookie: browser.cookie, origin: 'https://evil.example' } }));
    expect(outcome.connected || outcome.data).to.include({ reason: 'ORIGIN' });
  });

  it('refuses a revoked session', async () => {
    const browser = await signIn(t.url, REP.email, REP.password);
    await call(t.url, '/api/hub/auth/logout', { method: 'POST', headers: browser.stateHeaders });
    const outcome = keep(await open(t.url, { headers: { cookie: browser.cookie, origin: t.url } }));
    expect(outcome.connected || outcome.data).to.include({ reason: 'AUTH_INVALID' });
  });

  it('closes an open socket when its session is revoked', async () => {
    const browser = await signIn(t.url, REP.email, REP.password);
    const outcome = keep(await open(t.url, { headers: { cookie: browser.cookie, origin: t.url } }));
    if (!outcome.connected) expect.fail('the socket should have connected');
    const closed = new Promise<string>((resolve) => outcome.socket.once('disconnect', resolve));
    await call(t.url, '/api/hub/auth/logout', { method: 'POST', headers: browser.stateHeaders });
    expect(await closed).to.equal('io server disconnect');
  });

  describe('the principal on socket.data', () => {
    let http: HttpServer;
    let hub: HubServer;
    let url: string;

    before(async () => {
      // A second hub on the same database: the session key is shared through app_secrets, as between two nodes.
      const log = pino({ level: 'silent' });
      const auth = await createHubAuth({ sql: t.app.sql, log, adminEmail: undefined, adminPassword: undefined, sessionTtlMinutes: 60,
        cookieSecure: false, publicUrl: undefined, trustProxy: false, clientIp: () => '127.0.0.1' });
      http = createServer();
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      hub = await attachHub(http, { redisUrl: undefined, log, authenticate: auth.authenticateHandshake, revalidate: auth.revalidate, hub: t.app.hub });
    });
    after(async () => {
      await hub.close();
      await new Promise((resolve) => http.close(resolve));
    });

    it('carries the signed-in account, its role and session', async () => {
      const seen: Principal[] = [];
      hub.io.on('connection', (socket) => seen.push(socket.data.principal as Principal));
      const token = await signInForToken(t.url, REP.email, REP.password);
      expect(keep(await open(url, { token })).connected).to.equal(true);
      const principal = await waitFor(() => seen[0], 'the connection on the server');
      expect(principal).to.include({ email: REP.email, role: 'rep', displayName: 'socket-rep' });
      expect(principal.sessionId).to.be.a('string').with.length.greaterThan(20);
    });
  });
});
