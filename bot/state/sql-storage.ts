import { randomBytes } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { BoundedMap } from '../../core/bounded-map.ts';
import { jsonColumn, type Sql, type SqlExecutor } from '../../core/storage/index.ts';

/** The state key a botbuilder state accessor may not exceed; keys are built from channel and conversation ids. */
const MAX_KEY_LENGTH = 1024;
/** Conversations whose state stays in memory (the most recently used). */
const MAX_CACHED = 10_000;

/** Thrown on a write whose eTag no longer matches: another turn changed the document first. */
export class ETagConflictError extends Error {
  override name = 'ETagConflictError';
}

/**
 * botbuilder `Storage` over our SQL, so ConversationState and UserState are durable and shared by every node.
 * Semantics follow botbuilder's MemoryStorage: an item written with its eTag must still match the stored one
 * (else ETagConflictError), an item with no eTag or '*' overwrites.
 */
export class SqlStorage implements Storage {
  /** Documents as last read or written, by key (only when this process is the database's one writer). */
  readonly #cache: BoundedMap<string, { json: string; etag: string }> | undefined;

  /**
   * `cache`: keep documents in memory, written through. Only correct when no other process writes the table —
   * true of embedded PGlite, which one process owns; never of a shared PostgreSQL.
   */
  constructor(
    private readonly sql: Sql,
    options: { cache?: boolean } = {},
  ) {
    this.#cache = options.cache ? new BoundedMap(MAX_CACHED) : undefined;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const items: StoreItems = {};
    const missing = keys.map(checkKey).filter((key) => {
      const cached = this.#cache?.get(key);
      if (cached) items[key] = { ...JSON.parse(cached.json), eTag: cached.etag };
      return !cached;
    });
    if (missing.length === 0) return items;
    const rows = await this.sql.query<{ key: string; document: Record<string, unknown> | string; etag: string }>(
      'SELECT key, document, etag FROM bot_state WHERE key = ANY($1::text[])',
      [missing],
    );
    for (const row of rows) {
      const document = jsonColumn(row.document);
      items[row.key] = { ...document, eTag: row.etag };
      this.#remember(row.key, JSON.stringify(document), row.etag);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes);
    // One document (every turn's case) is one statement; several go in one transaction.
    if (entries.length === 1) return this.#writeOne(this.sql, entries[0]![0], entries[0]![1]);
    const written: [string, string, string][] = [];
    await this.sql.transaction(async (tx) => {
      for (const [key, item] of entries) written.push(await this.#store(tx, key, item));
    });
    for (const [key, json, etag] of written) this.#remember(key, json, etag);
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.sql.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys.map(checkKey)]);
    for (const key of keys) this.#cache?.delete(key);
  }

  async #writeOne(db: SqlExecutor, key: string, item: unknown): Promise<void> {
    const [, json, etag] = await this.#store(db, key, item);
    this.#remember(key, json, etag);
  }

  /** Writes one document (the eTag rule of MemoryStorage); returns what to cache. */
  async #store(db: SqlExecutor, key: string, item: unknown): Promise<[string, string, string]> {
    checkKey(key);
    const { eTag, ...document } = (item ?? {}) as { eTag?: string };
    const next = randomBytes(8).toString('hex');
    const json = JSON.stringify(document);
    if (eTag === undefined || eTag === '*') {
      await db.query(
        `INSERT INTO bot_state (key, document, etag) VALUES ($1, $2, $3)
         ON CONFLICT (key) DO UPDATE SET document = EXCLUDED.document, etag = EXCLUDED.etag, updated_at = now()`,
        [key, json, next],
      );
      return [key, json, next];
    }
    const updated = await db.query(
      'UPDATE bot_state SET document = $2, etag = $3, updated_at = now() WHERE key = $1 AND etag = $4 RETURNING key',
      [key, json, next, eTag],
    );
    if (updated.length === 1) return [key, json, next];
    // No row with that eTag: a first write carrying a stale eTag is fine only if nothing is stored yet.
    const inserted = await db.query(
      'INSERT INTO bot_state (key, document, etag) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key',
      [key, json, next],
    );
    if (inserted.length === 0) {
      this.#cache?.delete(key);
      throw new ETagConflictError(`Storage: error writing "${key}" due to eTag conflict.`);
    }
    return [key, json, next];
  }

  #remember(key: string, json: string, etag: string): void {
    const cache = this.#cache;
    if (!cache) return;
    cache.delete(key); // re-inserted last: the Map's order is least recently used first, and goes first when full
    cache.set(key, { json, etag });
  }
}

function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError(`Storage: a key must be a string of 1 to ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}
