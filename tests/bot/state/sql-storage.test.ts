import { expect } from 'chai';
import { ETagConflictError, SqlStorage } from '../../../bot/state/sql-storage.ts';
import { migrate } from '../../../core/storage/index.ts';
import { bothEngines } from '../../support/engines.ts';

for (const engine of bothEngines()) {
  describe(`SqlStorage (botbuilder Storage) on ${engine.name}`, () => {
    let storage: SqlStorage;

    before(async function () {
      const sql = await engine.open(this);
      await migrate(sql);
      storage = new SqlStorage(sql);
    });
    after(() => engine.dispose());

    it('reads back what it wrote, with an eTag, and nothing for unknown keys', async () => {
      await storage.write({ 'directline/conversations/c1': { topic: 'returns', count: 2 } });
      const items = await storage.read(['directline/conversations/c1', 'nope']);
      expect(items['directline/conversations/c1']).to.include({ topic: 'returns', count: 2 });
      expect(items['directline/conversations/c1']!.eTag).to.be.a('string').and.not.empty;
      expect(items).not.to.have.property('nope');
    });

    it('accepts a write carrying the current eTag and changes the eTag', async () => {
      const { k1 } = await (async () => {
        await storage.write({ k1: { v: 1 } });
        return storage.read(['k1']);
      })();
      await storage.write({ k1: { ...k1, v: 2 } });
      const after = (await storage.read(['k1'])).k1!;
      expect(after.v).to.equal(2);
      expect(after.eTag).not.to.equal(k1!.eTag);
    });

    it('refuses a write carrying a stale eTag (another turn wrote first) and keeps the newer document', async () => {
      await storage.write({ k2: { v: 'first' } });
      const stale = (await storage.read(['k2'])).k2!;
      await storage.write({ k2: { ...stale, v: 'second' } });
      let error: unknown;
      try {
        await storage.write({ k2: { ...stale, v: 'lost update' } });
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(ETagConflictError);
      expect((await storage.read(['k2'])).k2!.v).to.equal('second');
    });

    it("overwrites unconditionally with eTag '*'", async () => {
      await storage.write({ k3: { v: 1 } });
      await storage.write({ k3: { v: 2, eTag: '*' } });
      expect((await storage.read(['k3'])).k3!.v).to.equal(2);
    });

    it('writes several keys atomically: a conflict on one leaves the others unchanged', async () => {
      await storage.write({ a: { v: 1 }, b: { v: 1 } });
      const { a, b } = await storage.read(['a', 'b']);
      await storage.write({ b: { ...b, v: 2 } });
      try {
        await storage.write({ a: { ...a, v: 9 }, b: { ...b, v: 9 } }); // b's eTag is stale now
      } catch {
        // expected: the conflict on b
      }
      const now = await storage.read(['a', 'b']);
      expect([now.a!.v, now.b!.v]).to.deep.equal([1, 2]);
    });

    it('deletes', async () => {
      await storage.write({ gone: { v: 1 } });
      await storage.delete(['gone']);
      expect(await storage.read(['gone'])).to.deep.equal({});
    });
  });
}
