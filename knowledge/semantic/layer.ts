import type { ChatModel } from '../../core/ai/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { Sql } from '../../core/storage/index.ts';
import type { KnowledgeDocument } from '../model.ts';
import { fromBytes, toBytes, VectorIndex } from './vectors.ts';

export interface SemanticOptions {
  /** The model that embeds (Azure OpenAI's embeddings deployment behind `ChatModel.embed`). */
  readonly model: ChatModel;
  /** Tags stored vectors: a different deployment re-embeds everything. */
  readonly modelName: string;
  readonly sql: Sql;
  readonly log: Logger;
  /** Deadline for embedding one query (a customer is waiting); documents get longer. */
  readonly queryTimeoutMs: number;
}

const EMBED_TEXT_CHARS = 4000;
const DOCUMENT_TIMEOUT_MS = 60_000;

/**
 * Embeddings beside the lexical index, when a cloud embedding model is configured: passages are embedded when
 * they are indexed (and stored, so a restart does not pay again), queries when they are asked. Every failure
 * leaves the lexical path answering alone.
 */
export class SemanticLayer {
  readonly #vectors = new VectorIndex();

  private constructor(private readonly o: SemanticOptions) {}

  static async open(o: SemanticOptions): Promise<SemanticLayer> {
    const layer = new SemanticLayer(o);
    const rows = await o.sql.query<{ document_id: string; ordinal: number; vector: Uint8Array }>(
      'SELECT document_id, ordinal, vector FROM kb_embeddings WHERE model = $1 ORDER BY document_id, ordinal',
      [o.modelName],
    );
    const byDocument = new Map<string, { passageId: string; vector: Float32Array }[]>();
    for (const r of rows) {
      const list = byDocument.get(r.document_id) ?? [];
      list.push({ passageId: `${r.document_id}#${r.ordinal}`, vector: fromBytes(r.vector) });
      byDocument.set(r.document_id, list);
    }
    for (const [id, list] of byDocument) layer.#vectors.set(id, list);
    return layer;
  }

  get size(): number {
    return this.#vectors.size;
  }

  /** Embeds and stores a document's passages; false (and a log line) when the model is unavailable. */
  async index(document: KnowledgeDocument): Promise<boolean> {
    try {
      const texts = document.passages.map((p) =>
        [document.meta.title, p.headings.join(' › '), p.question ?? '', p.text].filter(Boolean).join('\n').slice(0, EMBED_TEXT_CHARS),
      );
      const vectors = await this.o.model.embed(texts, { timeoutMs: DOCUMENT_TIMEOUT_MS });
      await this.o.sql.transaction(async (tx) => {
        await tx.query('DELETE FROM kb_embeddings WHERE document_id = $1', [document.id]);
        for (const [i, p] of document.passages.entries()) {
          await tx.query('INSERT INTO kb_embeddings (document_id, ordinal, model, vector) VALUES ($1, $2, $3, $4)', [
            document.id,
            p.ordinal,
            this.o.modelName,
            toBytes(vectors[i]!),
          ]);
        }
      });
      this.#vectors.set(document.id, document.passages.map((p, i) => ({ passageId: p.id, vector: vectors[i]! })));
      return true;
    } catch (error) {
      this.o.log.warn({ err: error, document: document.id }, 'embedding failed; the document is searched lexically until the next sync');
      return false;
    }
  }

  /** Documents indexed before the model was configured, or whose embedding failed. */
  async backfill(documents: Iterable<KnowledgeDocument>): Promise<number> {
    let done = 0;
    for (const document of documents) if (!this.#vectors.has(document.id) && (await this.index(document))) done++;
    return done;
  }

  remove(documentId: string): void {
    this.#vectors.remove(documentId);
  }

  /** The passages nearest the query, or none when the model cannot embed it in time. */
  async search(query: string, k: number, accept: (documentId: string) => boolean) {
    try {
      const [vector] = await this.o.model.embed([query], { timeoutMs: this.o.queryTimeoutMs });
      return vector ? this.#vectors.nearest(vector, k, accept) : [];
    } catch (error) {
      this.o.log.warn({ err: error }, 'query embedding failed; answering from lexical search alone');
      return [];
    }
  }
}
