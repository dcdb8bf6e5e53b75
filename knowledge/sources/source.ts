import type { ArticleMeta } from '../model.ts';

/**
 * Where knowledge comes from: a local folder, a SharePoint document library, articles published by harvesting.
 * A source only lists what changed and hands over bytes; parsing, hashing and indexing are the knowledge base's.
 */

export interface SourceItem {
  /** Stable within the source: a relative path, a Graph drive item id. */
  readonly key: string;
  /** The file name (its extension chooses the parser). */
  readonly name: string;
  /** Where a person finds it: a path under the folder, a SharePoint web URL. */
  readonly location: string;
  /** A link customers may open, when there is one. */
  readonly url?: string;
  /** Changes whenever the content may have (mtime and size, a Graph cTag): unchanged items are not read again. */
  readonly version: string;
  /** Bytes, when known before reading (so oversized files are skipped without downloading them). */
  readonly size?: number;
  /** Metadata the source holds outside the file (SharePoint columns). */
  readonly meta?: Partial<ArticleMeta>;
  read(signal: AbortSignal): Promise<Buffer>;
}

export type SourceChange = { readonly kind: 'upsert'; readonly item: SourceItem } | { readonly kind: 'delete'; readonly key: string };

export interface SyncBatch {
  readonly changes: readonly SourceChange[];
  /** True when `changes` lists every item the source has (a first sync, a resync): anything else is gone. */
  readonly complete: boolean;
  /** Where the next sync continues (a Graph delta link); undefined for sources that always list everything. */
  readonly cursor?: string;
}

export interface KnowledgeSource {
  /** Unique among the configured sources, e.g. `files`, `sharepoint:support/Documents`. */
  readonly id: string;
  readonly kind: 'folder' | 'sharepoint' | 'harvested';
  /** For `knowledge status`: the folder path, the site and library. */
  readonly description: string;
  /** What changed since `cursor` (undefined: everything). */
  changes(cursor: string | undefined, signal: AbortSignal): Promise<SyncBatch>;
}
