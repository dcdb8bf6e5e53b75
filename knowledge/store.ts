import type { Sql } from '../core/storage/index.ts';
import type { ArticleMeta, KnowledgeDocument, Passage, SkippedFile } from './model.ts';

/** A document's identity and what it was built from: enough to decide whether a source item changed. */
export interface DocumentStamp {
  readonly id: string;
  readonly key: string;
  readonly version: string;
  readonly contentHash: string;
}

export interface SourceRecord {
  readonly id: string;
  readonly kind: string;
  readonly description: string;
  readonly cursor: string | null;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
}

export interface Feedback {
  readonly conversationId: string;
  readonly activityId: string;
  readonly documentId: string;
  readonly passageId: string;
  readonly articleVersion: string | undefined;
  readonly helpful: boolean;
  readonly at: Date;
}

type DocumentRow = { id: string; source_id: string; key: string; version: string; content_hash: string; meta: ArticleMeta; location: string; updated_at: Date | string };
type PassageRow = { document_id: string; ordinal: number; headings: string[]; question: string | null; text: string };

/** The knowledge base's tables (migration 004): documents with their passages, skips, sources, feedback. */
export class KnowledgeStore {
  constructor(private readonly sql: Sql) {}

  /** Every document, or those with the given ids. */
  async documents(ids?: readonly string[]): Promise<KnowledgeDocument[]> {
    if (ids?.length === 0) return [];
    const where = ids ? ' WHERE id = ANY($1::text[])' : '';
    const params = ids ? [ids] : [];
    const rows = await this.sql.query<DocumentRow>(`SELECT * FROM kb_documents${where} ORDER BY id`, params);
    const passages = await this.sql.query<PassageRow>(
      `SELECT * FROM kb_passages${ids ? ' WHERE document_id = ANY($1::text[])' : ''} ORDER BY document_id, ordinal`,
      params,
    );
    const byDocument = new Map<string, Passage[]>();
    for (const p of passages) {
      const list = byDocument.get(p.document_id) ?? [];
      list.push({
        id: `${p.document_id}#${p.ordinal}`,
        documentId: p.document_id,
        ordinal: p.ordinal,
        headings: p.headings,
        ...(p.question !== null ? { question: p.question } : {}),
        text: p.text,
      });
      byDocument.set(p.document_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      sourceId: r.source_id,
      key: r.key,
      contentHash: r.content_hash,
      meta: r.meta,
      location: r.location,
      updatedAt: new Date(r.updated_at).toISOString(),
      passages: byDocument.get(r.id) ?? [],
    }));
  }

  async stamps(sourceId: string): Promise<Map<string, DocumentStamp>> {
    const rows = await this.sql.query<{ id: string; key: string; version: string; content_hash: string }>(
      'SELECT id, key, version, content_hash FROM kb_documents WHERE source_id = $1',
      [sourceId],
    );
    return new Map(rows.map((r) => [r.key, { id: r.id, key: r.key, version: r.version, contentHash: r.content_hash }]));
  }

  /** Replaces a document and its passages in one transaction. */
  async save(document: KnowledgeDocument, version: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.query('DELETE FROM kb_documents WHERE id = $1', [document.id]);
      await tx.query(
        `INSERT INTO kb_documents (id, source_id, key, version, content_hash, meta, location, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [document.id, document.sourceId, document.key, version, document.contentHash, JSON.stringify(document.meta), document.location, document.updatedAt],
      );
      for (const p of document.passages) {
        await tx.query('INSERT INTO kb_passages (document_id, ordinal, headings, question, text) VALUES ($1, $2, $3, $4, $5)', [
          document.id,
          p.ordinal,
          JSON.stringify(p.headings),
          p.question ?? null,
          p.text,
        ]);
      }
      await tx.query('DELETE FROM kb_skipped WHERE source_id = $1 AND key = $2', [document.sourceId, document.key]);
    });
  }

  /** The bytes changed but not what they say (or only the source's version did): remember the new version. */
  async touch(id: string, version: string): Promise<void> {
    await this.sql.query('UPDATE kb_documents SET version = $2 WHERE id = $1', [id, version]);
  }

  async remove(id: string): Promise<void> {
    await this.sql.query('DELETE FROM kb_documents WHERE id = $1', [id]);
  }

  async skip(file: SkippedFile, version: string, at: Date): Promise<void> {
    await this.sql.query(
      `INSERT INTO kb_skipped (source_id, key, version, reason, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source_id, key) DO UPDATE SET version = $3, reason = $4, at = $5`,
      [file.sourceId, file.key, version, file.reason, at.toISOString()],
    );
  }

  async unskip(sourceId: string, key: string): Promise<void> {
    await this.sql.query('DELETE FROM kb_skipped WHERE source_id = $1 AND key = $2', [sourceId, key]);
  }

  /** Skipped files by key, with the version that was skipped (an unchanged file is not parsed again). */
  async skipped(sourceId?: string): Promise<(SkippedFile & { version: string; at: string })[]> {
    const rows = await this.sql.query<{ source_id: string; key: string; version: string; reason: string; at: Date | string }>(
      sourceId === undefined ? 'SELECT * FROM kb_skipped ORDER BY source_id, key' : 'SELECT * FROM kb_skipped WHERE source_id = $1 ORDER BY key',
      sourceId === undefined ? [] : [sourceId],
    );
    return rows.map((r) => ({ sourceId: r.source_id, key: r.key, version: r.version, reason: r.reason, at: new Date(r.at).toISOString() }));
  }

  async source(id: string): Promise<SourceRecord | undefined> {
    return (await this.sources()).find((s) => s.id === id);
  }

  async sources(): Promise<SourceRecord[]> {
    const rows = await this.sql.query<{ id: string; kind: string; description: string; cursor: string | null; last_sync_at: Date | string | null; last_error: string | null }>(
      'SELECT * FROM kb_sources ORDER BY id',
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      description: r.description,
      cursor: r.cursor,
      lastSyncAt: r.last_sync_at === null ? null : new Date(r.last_sync_at).toISOString(),
      lastError: r.last_error,
    }));
  }

  async saveSource(s: { id: string; kind: string; description: string; cursor: string | null; lastSyncAt: Date | null; lastError: string | null }): Promise<void> {
    await this.sql.query(
      `INSERT INTO kb_sources (id, kind, description, cursor, last_sync_at, last_error) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET kind = $2, description = $3, cursor = $4, last_sync_at = $5, last_error = $6`,
      [s.id, s.kind, s.description, s.cursor, s.lastSyncAt?.toISOString() ?? null, s.lastError],
    );
  }

  /** One vote per answer shown; voting again changes it. */
  async recordFeedback(f: Feedback): Promise<void> {
    await this.sql.query(
      `INSERT INTO kb_feedback (conversation_id, activity_id, document_id, passage_id, article_version, helpful, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (conversation_id, activity_id) DO UPDATE SET helpful = $6, at = $7`,
      [f.conversationId, f.activityId, f.documentId, f.passageId, f.articleVersion ?? null, f.helpful, f.at.toISOString()],
    );
  }

  /** Helpful and unhelpful votes per document (for status and, later, analytics). */
  async feedbackCounts(): Promise<Map<string, { helpful: number; unhelpful: number }>> {
    const rows = await this.sql.query<{ document_id: string; helpful: number; unhelpful: number }>(
      `SELECT document_id, count(*) FILTER (WHERE helpful)::int AS helpful, count(*) FILTER (WHERE NOT helpful)::int AS unhelpful
       FROM kb_feedback GROUP BY document_id`,
    );
    return new Map(rows.map((r) => [r.document_id, { helpful: r.helpful, unhelpful: r.unhelpful }]));
  }
}
