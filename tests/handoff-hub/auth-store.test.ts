import { expect } from 'chai';
import { pino } from 'pino';
import { migrate } from '../../core/storage/index.ts';
import {
  AccountStore,
  DEFAULT_ADMIN_EMAIL,
  DuplicateEmailError,
  hashPassword,
  LastAdminError,
  SessionStore,
  Sessions,
} from '../../handoff-hub/auth/index.ts';
import { seedFirstAdmin } from '../../handoff-hub/auth/seed.ts';
import { bothEngines } from '../support/engines.ts';
import { rejectionOf } from '../core/storage/support.ts';

const HOUR = 3_600_000;

for (const engine of bothEngines()) {
  describe(`Hub accounts and sessions on ${engine.name}`, () => {
    let accounts: AccountStore;
    let store: SessionStore;
    let clock = new Date('2026-03-01T09:00:00Z');
    let sessions: Sessions;
    let hash: string;

    before(async function () {
      const sql = await engine.open(this);
      await migrate(sql);
      accounts = new AccountStore(sql);
      store = new SessionStore(sql);
      sessions = new Sessions({ store, secret: 'x'.repeat(43), ttlMs: 8 * HOUR, cacheMs: 0, now: () => clock });
      hash = await hashPassword('a long enough password');
    });
    after(() => engine.dispose());

    describe('seeding the first admin', () => {
      it('creates the admin from the environment while no account exists, and never again', async () => {
        const lines: string[] = [];
        const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
        const outcome = await seedFirstAdmin(accounts, { email: 'Boss@Example.com', password: 'first-admin-password', log });
        expect(outcome).to.equal('from-environment');
        expect(await seedFirstAdmin(accounts, { email: 'other@example.com', password: 'another-password!', log })).to.equal(
          'accounts-exist',
        );
        const all = await accounts.list();
        expect(all.map((a) => [a.email, a.role])).to.deep.equal([['boss@example.com', 'admin']]);
        expect(lines.join('')).not.to.include('first-admin-password');
      });

      it('lets exactly one of two nodes starting at once create it', async function () {
        const fresh = await engine.open(this);
        await migrate(fresh);
        const log = pino({ level: 'silent' });
        const outcomes = await Promise.all(
          [1, 2].map(() => seedFirstAdmin(new AccountStore(fresh), { email: undefined, password: undefined, log })),
        );
        expect(outcomes.sort()).to.deep.equal(['accounts-exist', 'generated']);
        expect((await new AccountStore(fresh).list()).map((a) => a.email)).to.deep.equal([DEFAULT_ADMIN_EMAIL]);
      });
    });

    describe('accounts', () => {
      it('stores emails lower-case and refuses a second account with the same email in any case', async () => {
        const rep = await accounts.create({ email: 'Rep.One@Example.com', displayName: 'Rep One', role: 'rep', passwordHash: hash,
          skills: ['billing', 'returns'], languages: ['en', 'de'], capacity: 4 });
        expect(rep).to.include({ email: 'rep.one@example.com', role: 'rep', capacity: 4, disabled: false });
        expect(rep.skills).to.deep.equal(['billing', 'returns']);
        expect(await rejectionOf(accounts.create({ email: 'REP.ONE@example.com', displayName: 'x', role: 'rep', passwordHash: hash })))
          .to.be.instanceOf(DuplicateEmailError);
        expect((await accounts.findForSignIn('REP.ONE@EXAMPLE.COM'))?.account.id).to.equal(rep.id);
      });

      it('changes only the fields given', async () => {
        const rep = await accounts.create({ email: 'rep.two@example.com', displayName: 'Rep Two', role: 'rep', passwordHash: hash });
        const updated = await accounts.update(rep.id, { capacity: 7, skills: ['tech'] });
        expect(updated).to.include({ displayName: 'Rep Two', role: 'rep', capacity: 7 });
        expect(updated?.skills).to.deep.equal(['tech']);
        expect(await accounts.update('no-such-id', { capacity: 1 })).to.equal(undefined);
      });

      it('refuses to disable or demote the last enabled admin, and keeps it unchanged', async () => {
        const [admin] = (await accounts.list()).filter((a) => a.role === 'admin');
        expect(await rejectionOf(accounts.update(admin!.id, { disabled: true }))).to.be.instanceOf(LastAdminError);
        expect(await rejectionOf(accounts.update(admin!.id, { role: 'rep' }))).to.be.instanceOf(LastAdminError);
        expect(await accounts.findById(admin!.id)).to.include({ disabled: false, role: 'admin' });
      });
    });

    describe('sessions', () => {
      let repId: string;
      before(async () => {
        repId = (await accounts.create({ email: 'rep.s@example.com', displayName: 'Rep S', role: 'rep', passwordHash: hash })).id;
      });

      it('verifies a fresh token to its principal, with the role read from the account', async () => {
        const issued = await sessions.issue(repId);
        expect(await sessions.verify(issued.token)).to.deep.equal(issued.principal);
        await accounts.update(repId, { role: 'supervisor' });
        expect((await sessions.verify(issued.token))?.role).to.equal('supervisor');
        await accounts.update(repId, { role: 'rep' });
      });

      it('ends a session when its time is up, whatever the token says', async () => {
        const issued = await sessions.issue(repId);
        clock = new Date(clock.getTime() + 8 * HOUR - 1000);
        expect(await sessions.verify(issued.token)).not.to.equal(undefined);
        clock = new Date(clock.getTime() + 2000);
        expect(await sessions.verify(issued.token)).to.equal(undefined);
      });

      it('ends a session on revocation and tells the listeners once', async () => {
        const told: string[][] = [];
        const stop = sessions.onRevoked((ids) => told.push([...ids]));
        const issued = await sessions.issue(repId);
        await sessions.revoke(issued.principal.sessionId);
        await sessions.revoke(issued.principal.sessionId);
        stop();
        expect(await sessions.verify(issued.token)).to.equal(undefined);
        expect(told).to.deep.equal([[issued.principal.sessionId]]);
      });

      it("refuses a disabled account's sessions and ends all of an account's sessions but the one kept", async () => {
        const [a, b, c] = await Promise.all([sessions.issue(repId), sessions.issue(repId), sessions.issue(repId)]);
        await sessions.revokeAccount(repId, c!.principal.sessionId);
        expect(await sessions.verify(a!.token)).to.equal(undefined);
        expect(await sessions.verify(b!.token)).to.equal(undefined);
        expect(await sessions.verify(c!.token)).not.to.equal(undefined);
        await accounts.update(repId, { disabled: true });
        expect(await sessions.verify(c!.token)).to.equal(undefined);
        await accounts.update(repId, { disabled: false });
      });

      it('refuses forged, tampered and foreign tokens', async () => {
        const issued = await sessions.issue(repId);
        const other = new Sessions({ store, secret: 'y'.repeat(43), ttlMs: HOUR, cacheMs: 0, now: () => clock });
        const [header, payload, signature] = issued.token.split('.');
        const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
        for (const token of [`${header}.${payload}.${signature!.slice(0, -2)}AA`, none, 'not-a-jwt', (await other.issue(repId)).token]) {
          expect(await sessions.verify(token), token).to.equal(undefined);
        }
      });

      it('binds the CSRF token to its session', async () => {
        const [a, b] = await Promise.all([sessions.issue(repId), sessions.issue(repId)]);
        const token = sessions.csrfToken(a!.principal.sessionId);
        expect(sessions.checkCsrfToken(a!.principal.sessionId, token)).to.equal(true);
        expect(sessions.checkCsrfToken(b!.principal.sessionId, token)).to.equal(false);
        expect(sessions.checkCsrfToken(a!.principal.sessionId, undefined)).to.equal(false);
      });
    });
  });
}
