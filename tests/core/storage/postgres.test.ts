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
  describe('statements', () => {
    let sql: Sql;
    let schema: string;

    before(async function () {
      const url = requireEnv(this, 'TEST_DATABASE_URL');
      schema = testSchema();
      sql = await openPostgres(url, schema, 2);
      await sql.exec('CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL)');
      await sql.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [1, 'one']);
    });
    after(async () => {
      await sql?.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql?.close();
    });

    it('prepares each statement text once per connection and then reuses it', async () => {
      const text = 'SELECT body FROM notes WHERE id = $1';
      const prepared = await sql.transaction(async (tx) => {
        expect(await tx.query(text, [1])).to.deep.equal([{ body: 'one' }]);
        expect(await tx.query(text, [2])).to.deep.equal([]);
        return tx.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE statement = $1', [text]);
      });
      expect(prepared).to.deep.equal([{ statement: text }]);
    });

    it('prepares again, under a new name, when a session dropped its prepared statements (DEALLOCATE ALL)', async () => {
      const text = 'SELECT body FROM notes WHERE id = $1 AND $2::int > 0';
      for (let i = 1; i <= 4; i++) {
        expect(await sql.query(text, [1, i])).to.deep.equal([{ body: 'one' }]);
        await sql.exec('DEALLOCATE ALL');
      }
      expect(await sql.query(text, [1, 5])).to.deep.equal([{ body: 'one' }]);
    });

    it('prepares again, under a new name, when a table changed under a prepared SELECT *', async () => {
      const text = 'SELECT * FROM notes WHERE id = $1';
      for (let i = 0; i < 4; i++) expect(await sql.query(text, [1])).to.deep.equal([{ id: 1, body: 'one' }]); // both connections
      await sql.exec('ALTER TABLE notes ADD COLUMN extra text');
      for (let i = 0; i < 4; i++) expect(await sql.query(text, [1])).to.deep.equal([{ id: 1, body: 'one', extra: null }]);
    });
  });
});
