import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { AiUnavailableError, type ChatModel } from '../core/ai/index.ts';
import type { Logger } from '../core/logger.ts';
import { composeAnswer, DEFAULT_ANSWER_OPTIONS, type RankedPassage } from './answer.ts';
import { DEFAULT_INGEST_LIMITS, type IngestLimits, parseFile, resolveMeta, toPassages } from './ingest/index.ts';
import type { IndexEntry, KnowledgeIndex } from './index/index.ts';
import type { KnowledgeDocument } from './model.ts';
import { productKey, rankPassages } from './search.ts';
import { type KnowledgeStatus, statusOf } from './status.ts';
import { generateAnswer } from './semantic/generative.ts';
import type { SemanticLayer } from './semantic/layer.ts';
import type { KnowledgeSource, SourceItem } from './sources/source.ts';
import type { DocumentStamp, Feedback, KnowledgeStore } from './store.ts';
import type { AnswerContext, KnowledgeAnswerer, KnowledgeReply } from './types.ts';

export interface SyncProgress {
  readonly source: string;
  readonly done: number;
  readonly total: number;
  readonly key?: string;
}

export interface SyncReport {
  readonly source: string;
  readonly added: number;
  readonly updated: number;
  readonly removed: number;
  readonly unchanged: number;
  readonly skipped: number;
  readonly error?: string;
  readonly ms: number;
}

export type { KnowledgeStatus } from './status.ts';

export interface KnowledgeBaseOptions {
  readonly store: KnowledgeStore;
  readonly index: KnowledgeIndex;
  readonly sources: readonly KnowledgeSource[];
  readonly threshold: number;
  readonly limits?: IngestLimits;
  /** Embeddings from a cloud model, fused with the lexical ranking (hybrid search). */
  readonly semantic?: SemanticLayer;
  /** A cloud chat model that writes the answer from the retrieved passages, with numbered citations. */
  readonly generator?: { readonly chat: ChatModel; readonly timeoutMs: number };
  /** Cosine similarity at which an embedding-only match counts as confident (model dependent). */
  readonly minSimilarity?: number;
  readonly log: Logger;
  readonly now?: () => Date;
}

/**
 * The knowledge base: keeps the index in step with the sources (only changed items are read, only changed bytes
 * parsed; what was parsed is stored, so a restart rebuilds the index without parsing), and answers questions.
 */
export class KnowledgeBase implements KnowledgeAnswerer {
  readonly #documents = new Map<string, KnowledgeDocument>();
  readonly #syncing = new Map<string, Promise<SyncReport>>();
  readonly #closing = new AbortController();
  readonly #timers: NodeJS.Timeout[] = [];
  /** When each source was last found unchanged (written to storage at most once a minute). */
  readonly #checkedAt = new Map<string, Date>();

  private constructor(private readonly o: KnowledgeBaseOptions) {
    const ids = new Set<string>();
    for (const source of o.sources) {
      if (ids.has(source.id)) throw new Error(`two knowledge sources are named '${source.id}'`);
      ids.add(source.id);
    }
  }

  /** Loads what earlier syncs stored into the index (no parsing), ready to answer at once. */
  static async open(o: KnowledgeBaseOptions): Promise<KnowledgeBase> {
    const base = new KnowledgeBase(o);
    for (const document of await o.store.documents()) base.#put(document);
    // Documents indexed before embeddings were configured (or while the model was down) get them in the background.
    if (o.semantic) {
      void o.semantic.backfill(base.#documents.values()).then((n) => n > 0 && o.log.info({ documents: n }, 'embedded documents that had no vectors'));
    }
    return base;
  }

  get sources(): readonly KnowledgeSource[] {
    return this.o.sources;
  }

  get documentCount(): number {
    return this.#documents.size;
  }

  document(id: string): KnowledgeDocument | undefined {
    return this.#documents.get(id);
  }

  /** Syncs every source (or one), one sync per source at a time; a failing source does not stop the others. */
  async sync(o: { source?: string; onProgress?: (p: SyncProgress) => void; signal?: AbortSignal } = {}): Promise<SyncReport[]> {
    const sources = this.o.sources.filter((s) => o.source === undefined || s.id === o.source);
    if (o.source !== undefined && sources.length === 0) throw new Error(`no knowledge source '${o.source}'`);
    const reports: SyncReport[] = [];
    for (const source of sources) {
      let running = this.#syncing.get(source.id);
      if (!running) {
        const signal = AbortSignal.any([o.signal ?? AbortSignal.timeout(10 * 60_000), this.#closing.signal]);
        running = this.#syncSource(source, o.onProgress, signal).finally(() => this.#syncing.delete(source.id));
        this.#syncing.set(source.id, running);
      }
      reports.push(await running);
    }
    return reports;
  }

  async #syncSource(source: KnowledgeSource, onProgress: ((p: SyncProgress) => void) | undefined, signal: AbortSignal): Promise<SyncReport> {
    const started = performance.now();
    const { store } = this.o;
    const record = await store.source(source.id);
    const counts = { added: 0, updated: 0, removed: 0, unchanged: 0, skipped: 0 };
    try {
      const batch = await source.changes(record?.cursor ?? undefined, signal);
      const stamps = await store.stamps(source.id);
      const skipped = new Map((await store.skipped(source.id)).map((s) => [s.key, s]));
      const seen = new Set<string>();
      /** Keys this sync read or removed itself: memory already holds what the database holds for them. */
      const touched = new Set<string>();
      let done = 0;
      for (const change of batch.changes) {
        onProgress?.({ source: source.id, done: done++, total: batch.changes.length, key: change.kind === 'upsert' ? change.item.key : change.key });
        if (change.kind === 'delete') {
          touched.add(change.key);
          if (await this.#remove(source.id, change.key, stamps.get(change.key)?.id)) counts.removed++;
          continue;
        }
        seen.add(change.item.key);
        const stamp = stamps.get(change.item.key);
        if (stamp?.version === change.item.version || skipped.get(change.item.key)?.version === change.item.version) {
          counts.unchanged++;
          continue;
        }
        touched.add(change.item.key);
        counts[await this.#ingest(source, change.item, stamp, signal)]++;
      }
      onProgress?.({ source: source.id, done, total: batch.changes.length });
      if (batch.complete) {
        for (const [key, stamp] of stamps) {
          if (seen.has(key)) continue;
          touched.add(key);
          if (await this.#remove(source.id, key, stamp.id)) counts.removed++;
        }
        for (const key of skipped.keys()) if (!seen.has(key)) await store.unskip(source.id, key);
      }
      await this.#reconcile(source.id, stamps, touched);
      const report = { source: source.id, ...counts, ms: Math.round(performance.now() - started) };
      const changed = counts.added + counts.updated + counts.removed + counts.skipped > 0;
      this.#checkedAt.set(source.id, this.#now());
      // A folder checked every few seconds and found unchanged is not worth a durable write each time.
      if (changed || record?.lastError || (batch.cursor ?? null) !== (record?.cursor ?? null) || this.#stale(record?.lastSyncAt)) {
        await store.saveSource({ ...describe(source), cursor: batch.cursor ?? null, lastSyncAt: this.#now(), lastError: null });
      }
      if (changed) this.o.log.info(report, 'knowledge source synced');
      return report;
    } catch (error) {
      const message = (error as Error).message;
      this.o.log.error({ err: error, source: source.id }, 'knowledge sync failed; what was indexed keeps answering');
      await store.saveSource({ ...describe(source), cursor: record?.cursor ?? null, lastSyncAt: this.#now(), lastError: message });
      return { source: source.id, ...counts, error: message, ms: Math.round(performance.now() - started) };
    }
  }

  /** Reads, hashes and parses one changed item; a file that cannot be used is recorded as skipped, with why. */
  async #ingest(source: KnowledgeSource, item: SourceItem, stamp: { id: string; contentHash: string } | undefined, signal: AbortSignal) {
    const limits = this.o.limits ?? DEFAULT_INGEST_LIMITS;
    const skip = async (reason: string) => {
      await this.o.store.skip({ sourceId: source.id, key: item.key, reason }, item.version, this.#now());
      this.o.log.warn({ source: source.id, key: item.key, reason }, 'knowledge file skipped');
      return 'skipped' as const;
    };
    if (item.size !== undefined && item.size > limits.maxBytes) return skip(`larger than ${Math.round(limits.maxBytes / (1024 * 1024))} MB`);
    let bytes: Buffer;
    try {
      bytes = await item.read(signal);
    } catch (error) {
      return skip(`cannot be read: ${(error as Error).message}`);
    }
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    if (stamp?.contentHash === contentHash) {
      await this.o.store.touch(stamp.id, item.version);
      return 'unchanged' as const;
    }
    const parsed = await parseFile(item.name, bytes, limits);
    if (!parsed.ok) return skip(parsed.reason);
    const id = `${source.id}:${item.key}`;
    const passages = toPassages(id, parsed.document);
    if (passages.length === 0) return skip('no text found');
    const document: KnowledgeDocument = {
      id,
      sourceId: source.id,
      key: item.key,
      contentHash,
      meta: resolveMeta(parsed.document.meta, { ...item.meta, ...(item.url ? { url: item.url } : {}) }, basename(item.name, extname(item.name))),
      passages,
      location: item.location,
      updatedAt: this.#now().toISOString(),
    };
    await this.o.store.save(document, item.version);
    this.#put(document);
    await this.o.semantic?.index(document);
    return stamp ? ('updated' as const) : ('added' as const);
  }

  async #remove(sourceId: string, key: string, id: string | undefined): Promise<boolean> {
    await this.o.store.unskip(sourceId, key);
    if (!id) return false;
    await this.o.store.remove(id);
    this.#documents.delete(id);
    this.o.index.remove(id);
    this.o.semantic?.remove(id);
    return true;
  }

  /**
   * With several nodes on one database, another node may have indexed or removed documents: this node's index
   * follows what the database holds for the source.
   */
  async #reconcile(sourceId: string, stamps: ReadonlyMap<string, DocumentStamp>, touched: ReadonlySet<string>): Promise<void> {
    const stored = new Map([...stamps.values()].filter((s) => !touched.has(s.key)).map((s) => [s.id, s.contentHash]));
    for (const held of [...this.#documents.values()].filter((d) => d.sourceId === sourceId && !touched.has(d.key))) {
      if (stored.get(held.id) === held.contentHash) continue;
      this.#documents.delete(held.id);
      this.o.index.remove(held.id);
      this.o.semantic?.remove(held.id);
    }
    const missing = [...stored.keys()].filter((id) => !this.#documents.has(id));
    if (missing.length > 0) for (const document of await this.o.store.documents(missing)) this.#put(document);
  }

  #put(document: KnowledgeDocument): void {
    this.#documents.set(document.id, document);
    this.o.index.upsert(document.id, indexEntries(document));
  }

  /**
   * Syncs each source on its own schedule (a folder every few seconds, SharePoint every few minutes); a sync that
   * fails is logged and retried at the next tick, and the index keeps answering from what it has.
   */
  watch(intervalMs: (source: KnowledgeSource) => number): void {
    for (const source of this.o.sources) {
      const timer = setInterval(() => this.syncQuietly(source.id), intervalMs(source));
      timer.unref();
      this.#timers.push(timer);
    }
  }

  /** A background sync: its failure is logged (the index keeps answering), never thrown. */
  syncQuietly(source?: string): void {
    this.sync(source === undefined ? {} : { source }).catch((error: unknown) => {
      if (!this.#closing.signal.aborted) this.o.log.error({ err: error, source }, 'knowledge sync failed');
    });
  }

  /** Stops the schedule and waits for syncs under way to stop, so storage can close after it. */
  async close(): Promise<void> {
    for (const timer of this.#timers.splice(0)) clearInterval(timer);
    this.#closing.abort();
    await Promise.allSettled([...this.#syncing.values()]);
  }

  status(): Promise<KnowledgeStatus> {
    return statusOf(this.o.sources, [...this.#documents.values()], this.o.store, this.#checkedAt);
  }

  /** Ranked passages with their documents (the CLI's `query` and the answer both start here). */
  search(query: string, context: AnswerContext, limit = 10): Promise<RankedPassage[]> {
    return rankPassages(
      { index: this.o.index, semantic: this.o.semantic, documents: this.#documents, threshold: this.o.threshold, minSimilarity: this.o.minSimilarity ?? 0.5 },
      query,
      context,
      limit,
    );
  }

  /** A customer's thumbs up or down on an answer the bot gave (one vote per answer; a new vote replaces it). */
  recordFeedback(feedback: Feedback): Promise<void> {
    return this.o.store.recordFeedback(feedback);
  }

  async answer(question: string, context: AnswerContext): Promise<KnowledgeReply> {
    const ranked = await this.search(question, context, 5);
    const reply = composeAnswer(question, ranked, context, { ...DEFAULT_ANSWER_OPTIONS, threshold: this.o.threshold });
    const generator = this.o.generator;
    if (reply.kind !== 'answer' || !generator) return reply;
    const grounds = ranked.filter((r) => r.confidence >= this.o.threshold * 0.8).slice(0, 4);
    try {
      const generated = await generateAnswer(generator.chat, question, grounds, { timeoutMs: generator.timeoutMs });
      // The model found no answer in the passages: say so rather than quote a passage it judged beside the point.
      return generated ? { kind: 'answer', answer: generated } : { kind: 'none' };
    } catch (error) {
      if (!(error instanceof AiUnavailableError)) throw error;
      this.o.log.warn({ err: error }, 'generative answer unavailable; answering with the extract');
      return reply;
    }
  }

  #now(): Date {
    return this.o.now?.() ?? new Date();
  }

  #stale(lastSyncAt: string | null | undefined): boolean {
    return !lastSyncAt || this.#now().getTime() - Date.parse(lastSyncAt) > 60_000;
  }
}

function describe(source: KnowledgeSource) {
  return { id: source.id, kind: source.kind, description: source.description };
}

function indexEntries(document: KnowledgeDocument): IndexEntry[] {
  const { meta } = document;
  return document.passages.map((p) => ({
    passageId: p.id,
    documentId: document.id,
    title: meta.title,
    ...(p.question ? { question: p.question } : {}),
    headings: p.headings,
    text: p.text,
    audience: meta.audience,
    // "Stormbreak Jacket" in an article and the catalog's "stormbreak-jacket" a customer mentioned are one product.
    ...(meta.product ? { product: productKey(meta.product) } : {}),
    ...(meta.version ? { version: meta.version } : {}),
  }));
}
