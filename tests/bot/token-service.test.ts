import { expect } from 'chai';
import { TokenService } from '../../bot/directline/tokens.ts';
import { BoundedMap } from '../../core/bounded-map.ts';

describe('TokenService', () => {
  const tokens = new TokenService('token-service-test-secret-0123456789abcdef', 60);
  const claims = { conversationId: 'conv-1', userId: 'dl_user-1', userName: 'Ada' };

  it('accepts its own token, again from memory, until the moment it expires', async () => {
    const issuedAt = Date.now();
    const { token } = await tokens.issue(claims, issuedAt);
    expect(await tokens.verify(token, issuedAt)).to.deep.include({ ok: true, claims });
    expect(await tokens.verify(token, issuedAt + 30_000)).to.deep.include({ ok: true, claims });
    // Remembered as valid, yet refused once its time is up.
    expect(await tokens.verify(token, issuedAt + 61_000)).to.deep.equal({ ok: false, reason: 'expired' });
  });

  it('refuses a token with a changed payload or signed with another secret, however often it is shown', async () => {
    const { token } = await tokens.issue(claims);
    const [header, , signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ conv: 'conv-2', user: 'dl_user-1', exp: Math.floor(Date.now() / 1000) + 60 })).toString('base64url');
    const forged = `${header}.${forgedPayload}.${signature}`;
    const foreign = (await new TokenService('another-secret-0123456789abcdef0123456789', 60).issue(claims)).token;
    for (let i = 0; i < 2; i++) {
      expect(await tokens.verify(forged)).to.deep.equal({ ok: false, reason: 'invalid' });
      expect(await tokens.verify(foreign)).to.deep.equal({ ok: false, reason: 'invalid' });
    }
  });
});

describe('BoundedMap', () => {
  it('drops the oldest entry when a new key would exceed the capacity, and keeps replaced keys in place', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 10);
    expect([...map]).to.deep.equal([['a', 10], ['b', 2]]);
    map.set('c', 3);
    expect([...map]).to.deep.equal([['b', 2], ['c', 3]]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new BoundedMap(0)).to.throw(RangeError, /capacity/);
    expect(() => new BoundedMap(1.5)).to.throw(RangeError, /capacity/);
  });
});
