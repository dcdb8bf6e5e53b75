/** What only the server engine does: connection errors, and several nodes sharing one database. */
import { expect } from 'chai';
import { loadMigrations, migrate, openPostgres, type Sql, StorageError } from '../../../core/storage/index.ts';
import { requireEnv } from '../../support/services.ts';
import { rejectionOf, testSchema } from './support.ts';

describe('openPostgres', () => {
  it('reports an unreachable server as a StorageError naming the address, with the password redacted', async () => {
    const error = await rejectionOf(openPostgres('postgres://postgres:hunter2@127.0.0.1:1/x', testSchema()));
    expect(error).to.be.instanceOf(StorageError);
    expect(error.message).to.include('postgres://postgres:***@127.0.0.1:1/x');
    expect(error.message).not.to.include('hunter2');
  });

  describe('with several nodes on one database', () => {
    let url: string;
    const opened: Sql[] = [];
    const schemas: string[] = [];

    before(function () {
      url = requireEnv(this, 'TEST_DATABASE_URL');
    });
    after(async () => {
      if (schemas.length > 0) {
        const admin = await openPostgres(url, 'public');
        try {
          for (const schema of schemas) await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await admin.close();
        }
      }
      await Promise.all(opened.splice(0).map((sql) => sql.close()));
    });
    const nodes = async (count: number, schema = testSchema()) => {
      schemas.push(schema);
      const results = await Promise.allSettled(Array.from({ length: count }, () => openPostgres(url, schema)));
      for (const r of results) if (r.status === 'fulfilled') opened.push(r.value);
      for (const r of results) if (r.status === 'rejected') throw r.reason;
      return results.map((r) => (r as PromiseFulfilledResult<Sql>).value);
    };

    it('keeps the tables of each schema apart', async () => {
      const [a] = await nodes(1);
      const [b] = await nodes(1);
      await a!.exec('CREATE TABLE owner (name text)');
      await b!.exec('CREATE TABLE owner (name text)');
      await a!.query('INSERT INTO owner VALUES ($1)', ['a']);
      expect(await b!.query('SELECT name FROM owner')).to.deep.equal([]);
      expect(await a!.query('SELECT name FROM owner')).to.deep.equal([{ name: 'a' }]);
    });

    it('lets several nodes start on one new schema at once', async () => {
      const started = await nodes(4);
      expect(started).to.have.length(4);
    });

    it('lets several nodes migrate one fresh schema at once, applying each migration exactly once', async () => {
      const schema = testSchema();
      await nodes(1, schema); // the schema exists; only the migrations race
      const racing = await nodes(4, schema);
      const applied = await Promise.all(racing.map((sql) => migrate(sql)));
      expect(applied.flat().sort((a, b) => a - b)).to.deep.equal(loadMigrations().map((m) => m.version));
    });
  });
});
