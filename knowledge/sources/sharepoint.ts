/**
 * A SharePoint document library as a knowledge source, through Microsoft Graph's drive delta feed: the first sync
 * enumerates the library, later ones continue from the stored `@odata.deltaLink` and list only what changed.
 *
 * Column values (Audience, Product…) are not in the delta feed: SharePoint answers `$expand=listItem` on delta with
 * 400 badArgument. So each changed file's `listItem?$expand=fields` is read, a few at a time. A failure there fails
 * the sync rather than indexing the file without its columns: a missing `Audience: internal` would show an internal
 * article to customers.
 */
import type { TokenCredential } from '@azure/identity';
import { z } from 'zod';
import type { Logger } from '../../core/logger.ts';
import { createGraphClient, type GraphClient, GraphError } from './graph-client.ts';
import { metaFromColumns } from './sharepoint-columns.ts';
import type { KnowledgeSource, SourceChange, SourceItem, SyncBatch } from './source.ts';

export interface SharePointSourceOptions {
  /** Default `sharepoint:{last segment of the site path}/{library}`, e.g. `sharepoint:support/Documents`. */
  readonly id?: string;
  /** e.g. https://contoso.sharepoint.com/sites/support */
  readonly siteUrl: string;
  /** The library's display name, e.g. "Documents" (its URL name, "Shared Documents", is accepted too). */
  readonly library: string;
  readonly credential: TokenCredential;
  /** Default https://graph.microsoft.com/v1.0; tests point it at the fake. */
  readonly graphBaseUrl?: string;
  readonly fetch?: typeof fetch;
  readonly log?: Logger;
  /** Retries per request after the first (default 4). */
  readonly maxRetries?: number;
  /** Largest file `read` downloads (default 50 MB). */
  readonly maxBytes?: number;
  /** Read each changed file's columns (default true); off for libraries without metadata columns. */
  readonly columns?: boolean;
  /** Column reads in flight at once (default 4): Graph throttles bursts. */
  readonly concurrency?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** A runaway feed (a link that keeps pointing to itself) must end: ~200 items a page, so ~2 M items. */
const MAX_PAGES = 10_000;

const siteSchema = z.object({ id: z.string().min(1), webUrl: z.string().optional() });
const drivesSchema = z.object({
  value: z.array(z.object({ id: z.string().min(1), name: z.string(), webUrl: z.string().optional() })),
  '@odata.nextLink': z.string().optional(),
});
const driveItemSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  webUrl: z.string().optional(),
  eTag: z.string().optional(),
  cTag: z.string().optional(),
  lastModifiedDateTime: z.string().optional(),
  size: z.number().optional(),
  file: z.object({}).loose().optional(),
  deleted: z.object({}).loose().optional(),
  // Present if Graph ever returns it inline; then no extra request is needed.
  listItem: z.object({ fields: z.record(z.string(), z.unknown()).optional() }).loose().optional(),
});
type DriveItem = z.output<typeof driveItemSchema>;
const deltaPageSchema = z.object({
  value: z.array(driveItemSchema),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});
const listItemSchema = z.object({ fields: z.record(z.string(), z.unknown()).optional() });

interface Drive {
  readonly id: string;
  readonly webUrl: string | undefined;
}

export function createSharePointSource(o: SharePointSourceOptions): KnowledgeSource {
  const sitePath = siteApiPath(o.siteUrl);
  const graph = createGraphClient({ ...o, baseUrl: o.graphBaseUrl });
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  const siteName = new URL(o.siteUrl).pathname.split('/').filter(Boolean).at(-1) ?? new URL(o.siteUrl).hostname;
  let drive: Promise<Drive> | undefined;

  // Resolved once per process; a failure is not remembered, so the next sync tries again.
  const resolveDrive = (signal: AbortSignal) =>
    (drive ??= findDrive(graph, sitePath, o.siteUrl, o.library, signal).catch((error: unknown) => {
      drive = undefined;
      throw error;
    }));

  async function changes(cursor: string | undefined, signal: AbortSignal): Promise<SyncBatch> {
    const { id: driveId, webUrl } = await resolveDrive(signal);
    const start = `/drives/${driveId}/root/delta`;
    const resumable = cursor !== undefined && isCursorFor(graph, cursor, driveId);
    if (cursor !== undefined && !resumable) o.log?.warn({ source: o.library }, 'SharePoint cursor is not for this library; listing everything');
    const toBatch = async (feed: DeltaFeed, complete: boolean): Promise<SyncBatch> => ({
      changes: await toChanges(feed.items, driveId, webUrl, signal),
      complete,
      cursor: feed.deltaLink,
    });
    try {
      return await toBatch(await readDelta(graph, resumable ? cursor : start, signal), !resumable);
    } catch (error) {
      // 410: the delta link expired (or the service lost track); only a fresh enumeration is trustworthy now.
      // A 410 on that fresh start is not caught again, so this cannot loop.
      if (!(error instanceof GraphError && error.status === 410)) throw error;
      o.log?.warn({ source: o.library, code: error.code }, 'SharePoint asked for a resync; listing everything');
      return toBatch(await readDelta(graph, start, signal), true);
    }
  }

  async function toChanges(items: readonly DriveItem[], driveId: string, libraryUrl: string | undefined, signal: AbortSignal) {
    const wanted = items.filter((item) => item.deleted || (item.file && item.name));
    return mapLimited(wanted, o.concurrency ?? 4, async (item): Promise<SourceChange> => {
      if (item.deleted) return { kind: 'delete', key: item.id };
      const fields = item.listItem?.fields ?? (o.columns === false ? undefined : await columnsOf(driveId, item.id, signal));
      return { kind: 'upsert', item: toSourceItem(item, driveId, libraryUrl, fields) };
    });
  }

  async function columnsOf(driveId: string, itemId: string, signal: AbortSignal): Promise<Record<string, unknown> | undefined> {
    try {
      return listItemSchema.parse(await graph.getJson(`/drives/${driveId}/items/${itemId}/listItem?$expand=fields`, signal)).fields;
    } catch (error) {
      // Deleted since the delta page was served: the next sync's feed reports the delete.
      if (error instanceof GraphError && error.status === 404) return undefined;
      throw error;
    }
  }

  function toSourceItem(item: DriveItem, driveId: string, libraryUrl: string | undefined, fields: Record<string, unknown> | undefined): SourceItem {
    const name = item.name!;
    const location = item.webUrl ?? `${libraryUrl ?? o.siteUrl}/${name}`;
    const meta = fields ? metaFromColumns(fields, location, o.log) : undefined;
    return {
      key: item.id,
      name,
      location,
      url: item.webUrl,
      // eTag changes with the content and with column values (cTag only with the content), and both feed the index.
      version: item.eTag ?? item.cTag ?? item.lastModifiedDateTime ?? '',
      size: item.size,
      meta: meta && Object.keys(meta).length > 0 ? meta : undefined,
      read: async (signal) => {
        if (item.size !== undefined && item.size > maxBytes) {
          throw new GraphError(`${location}: ${item.size} bytes, over the ${maxBytes}-byte limit`, undefined, 'tooLarge');
        }
        return graph.download(`/drives/${driveId}/items/${item.id}/content`, signal, maxBytes);
      },
    };
  }

  return {
    id: o.id ?? `sharepoint:${siteName}/${o.library}`,
    kind: 'sharepoint',
    description: `SharePoint ${o.siteUrl}, library "${o.library}"`,
    changes,
  };
}

/** `https://contoso.sharepoint.com/sites/support` → `/sites/contoso.sharepoint.com:/sites/support` (root site: no path). */
function siteApiPath(siteUrl: string): string {
  const url = URL.canParse(siteUrl) ? new URL(siteUrl) : undefined;
  if (url?.protocol !== 'https:') throw new Error(`SharePoint siteUrl must be an https URL, got "${siteUrl}"`);
  const path = url.pathname.replace(/\/+$/, '');
  return path ? `/sites/${url.hostname}:${path}` : `/sites/${url.hostname}`;
}

async function findDrive(graph: GraphClient, sitePath: string, siteUrl: string, library: string, signal: AbortSignal): Promise<Drive> {
  const site = siteSchema.parse(await graph.getJson(sitePath, signal));
  const drives: z.output<typeof drivesSchema>['value'] = [];
  for (let link: string | undefined = `/sites/${site.id}/drives`; link; ) {
    const page = drivesSchema.parse(await graph.getJson(link, signal));
    drives.push(...page.value);
    link = page['@odata.nextLink'];
  }
  const wanted = library.trim().toLowerCase();
  const urlName = (webUrl?: string) => (webUrl ? decodeURIComponent(webUrl.replace(/\/+$/, '').split('/').at(-1) ?? '') : '');
  const found =
    drives.find((d) => d.name === library) ??
    drives.find((d) => d.name.toLowerCase() === wanted || urlName(d.webUrl).toLowerCase() === wanted);
  if (!found) {
    const names = drives.map((d) => `"${d.name}"`).join(', ') || 'none';
    throw new Error(`SharePoint library "${library}" not found on ${siteUrl}; its libraries are: ${names}`);
  }
  return { id: found.id, webUrl: found.webUrl };
}

interface DeltaFeed {
  /** The latest state of each item, in feed order (an item listed twice keeps its last occurrence). */
  readonly items: readonly DriveItem[];
  readonly deltaLink: string;
}

async function readDelta(graph: GraphClient, first: string, signal: AbortSignal): Promise<DeltaFeed> {
  const latest = new Map<string, DriveItem>();
  let link = first;
  for (let pages = 1; pages <= MAX_PAGES; pages += 1) {
    const page = deltaPageSchema.parse(await graph.getJson(link, signal));
    for (const item of page.value) {
      latest.delete(item.id);
      latest.set(item.id, item);
    }
    if (page['@odata.deltaLink']) return { items: [...latest.values()], deltaLink: page['@odata.deltaLink'] };
    if (!page['@odata.nextLink']) throw new GraphError('Graph delta page had neither @odata.nextLink nor @odata.deltaLink', 200, undefined);
    link = page['@odata.nextLink'];
  }
  throw new GraphError(`Graph delta feed did not end within ${MAX_PAGES} pages`, 200, undefined);
}

/**
 * A stored delta link is only resumed if it points at this Graph endpoint (the token goes nowhere else) and, when
 * it names a drive, this drive: after the library setting changes, an old link would list the wrong library.
 */
function isCursorFor(graph: GraphClient, cursor: string, driveId: string): boolean {
  if (!graph.isGraphLink(cursor)) return false;
  const named = /\/drives\/([^/]+)\//.exec(new URL(cursor).pathname)?.[1];
  return named === undefined || named === driveId || named === encodeURIComponent(driveId);
}

/** Like Promise.all over `map`, with at most `limit` calls running; the first failure rejects. */
async function mapLimited<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After a failure the batch is lost anyway: stop sending requests for it.
    while (next < items.length && !failed) {
      const index = next++;
      results[index] = await map(items[index]!).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
