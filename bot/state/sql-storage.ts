import { randomBytes } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import type { Sql } from '../../core/storage/index.ts';

/** The state key a botbuilder state accessor may not exceed; keys are built from channel and conversation ids. */
const MAX_KEY_LENGTH = 1024;

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
  constructor(private readonly sql: Sql) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const rows = await this.sql.query<{ key: string; document: Record<string, unknown> | string; etag: string }>(
      'SELECT key, document, etag FROM bot_state WHERE key = ANY($1::text[])',
      [keys.map(checkKey)],
    );
    const items: StoreItems = {};
    for (const row of rows) {
      const document = typeof row.document === 'string' ? JSON.parse(row.document) : row.document;
      items[row.key] = { ...document, eTag: row.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const [key, item] of Object.entries(changes)) {
        checkKey(key);
        const { eTag, ...document } = (item ?? {}) as { eTag?: string };
        const next = randomBytes(8).toString('hex');
        const json = JSON.stringify(document);
        if (eTag === undefined || eTag === '*') {
          await tx.query(
            `INSERT INTO bot_state (key, document, etag) VALUES ($1, $2, $3)
             ON CONFLICT (key) DO UPDATE SET document = EXCLUDED.document, etag = EXCLUDED.etag, updated_at = now()`,
            [key, json, next],
          );
          continue;
        }
        const updated = await tx.query(
          'UPDATE bot_state SET document = $2, etag = $3, updated_at = now() WHERE key = $1 AND etag = $4 RETURNING key',
          [key, json, next, eTag],
        );
        if (updated.length === 1) continue;
        // No row with that eTag: a first write carrying a stale eTag is fine only if nothing is stored yet.
        const inserted = await tx.query(
          'INSERT INTO bot_state (key, document, etag) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING RETURNING key',
          [key, json, next],
        );
        if (inserted.length === 0) throw new ETagConflictError(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.sql.query('DELETE FROM bot_state WHERE key = ANY($1::text[])', [keys.map(checkKey)]);
  }
}

function checkKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError(`Storage: a key must be a string of 1 to ${MAX_KEY_LENGTH} characters`);
  }
  return key;
}
