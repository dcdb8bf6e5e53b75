import { expect } from 'chai';
import { ETagConflictError, SqlStorage } from '../../../bot/state/sql-storage.ts';
import { migrate, type Sql } from '../../../core/storage/index.ts';
import { bothEngines, pgliteEngine } from '../../support/engines.ts';

// The write-through cache is for embedded PGlite (one process owns it): the same contract must hold with it.
const variants = [...bothEngines().map((engine) => ({ engine, cache: false })), { engine: pgliteEngine(), cache: true }];

for (const { engine, cache } of variants) {
  describe(`SqlStorage (botbuilder Storage) on ${engine.name}${cache ? ', cached' : ''}`, () => {
    let storage: SqlStorage;
    let queries = 0;

    before(async function () {
      const sql = await engine.open(this);
      await migrate(sql);
      const counting = Object.assign(Object.create(sql) as Sql, {
        query: (text: string, params?: readonly unknown[]) => {
          queries++;
          return sql.query(text, params);
        },
      });
      storage = new SqlStorage(counting, { cache });
    });

    if (cache) {
      it('reads a document it wrote from memory, without a query', async () => {
        await storage.write({ cached: { v: 1 } });
        const before = queries;
        const { cached } = await storage.read(['cached']);
        expect(cached).to.include({ v: 1 });
        expect(queries).to.equal(before);
        (cached as { v: number }).v = 99; // a caller's change to what it read is not the cache's
        expect((await storage.read(['cached'])).cached).to.include({ v: 1 });
      });
    }
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
