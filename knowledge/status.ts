import type { KnowledgeDocument } from './model.ts';
import type { KnowledgeSource } from './sources/source.ts';
import type { KnowledgeStore } from './store.ts';

export interface KnowledgeStatus {
  readonly documents: number;
  readonly passages: number;
  readonly sources: readonly {
    readonly id: string;
    readonly kind: string;
    readonly description: string;
    readonly documents: number;
    readonly passages: number;
    readonly lastSyncAt: string | null;
    readonly lastError: string | null;
    readonly skipped: readonly { readonly key: string; readonly reason: string }[];
  }[];
}

/** What `knowledge status` shows: per source, what is indexed, when it was last synced, and what was skipped and why. */
export async function statusOf(
  sources: readonly KnowledgeSource[],
  documents: readonly KnowledgeDocument[],
  store: KnowledgeStore,
  checkedAt: ReadonlyMap<string, Date>,
): Promise<KnowledgeStatus> {
  const records = new Map((await store.sources()).map((r) => [r.id, r]));
  const skipped = await store.skipped();
  return {
    documents: documents.length,
    passages: documents.reduce((n, d) => n + d.passages.length, 0),
    sources: sources.map((source) => {
      const own = documents.filter((d) => d.sourceId === source.id);
      const record = records.get(source.id);
      return {
        id: source.id,
        kind: source.kind,
        description: source.description,
        documents: own.length,
        passages: own.reduce((n, d) => n + d.passages.length, 0),
        lastSyncAt: latest(record?.lastSyncAt ?? null, checkedAt.get(source.id)),
        lastError: record?.lastError ?? null,
        skipped: skipped.filter((s) => s.sourceId === source.id).map((s) => ({ key: s.key, reason: s.reason })),
      };
    }),
  };
}

/** A source found unchanged is recorded at most once a minute; the status shows the latest check either way. */
function latest(stored: string | null, checked: Date | undefined): string | null {
  if (!checked) return stored;
  return stored && Date.parse(stored) > checked.getTime() ? stored : checked.toISOString();
}
