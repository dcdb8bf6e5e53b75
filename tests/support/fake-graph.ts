/**
 * A local fake of the Microsoft Graph endpoints a SharePoint library source uses, speaking Graph's HTTP protocol:
 * `GET /v1.0/sites/{host}:{path}`, `/sites/{id}/drives`, `/drives/{id}/root/delta` (paged, with delta tokens that
 * can be expired → 410 resyncRequired), `/drives/{id}/items/{id}/listItem?$expand=fields`, and `…/content` (302 to
 * a pre-authenticated /download URL that refuses an Authorization header). Graph routes need the bearer token.
 * Tests change the library between syncs, script throttling faults and read the recorded requests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';

/** The next matching request gets this instead of its answer (`match`: a substring of its path and query). */
export type FakeGraphFault = { readonly match?: string } & (
  | { readonly status: number; readonly retryAfter?: string; readonly code?: string }
  | { readonly hangUp: true }
);

export interface FakeGraphRequest {
  readonly path: string;
  readonly authorization: string | undefined;
}

interface Item {
  readonly id: string;
  name: string;
  readonly parentId: string | undefined;
  readonly folder: boolean;
  content: Buffer;
  fields: Record<string, unknown>;
  /** The drive's change counter when this item last changed: what delta tokens compare against. */
  seq: number;
  version: number;
  contentVersion: number;
  deleted: boolean;
}

export class FakeDrive {
  readonly items = new Map<string, Item>();
  readonly rootId: string;
  seq = 0;
  /** Tokens from an older epoch answer 410 (see expireCursors). */
  epoch = 0;
  constructor(
    readonly id: string,
    readonly name: string,
    readonly webUrl: string,
  ) {
    this.rootId = `${id.slice(2, 6).toUpperCase()}ROOT`;
    this.items.set(this.rootId, this.#item(this.rootId, 'root', undefined, true));
  }

  /** Adds a file (and its folders) by path, e.g. `Guides/Install.md`; returns its item id. */
  addFile(path: string, content: string | Buffer, fields: Record<string, unknown> = {}): string {
    const parts = path.split('/');
    let parentId = this.rootId;
    for (const folder of parts.slice(0, -1)) parentId = this.#folder(parentId, folder);
    const id = `01ITEM${String(this.items.size).padStart(4, '0')}`;
    const item = this.#item(id, parts.at(-1)!, parentId, false);
    item.content = Buffer.from(content);
    item.fields = { ...fields };
    this.items.set(id, item);
    return id;
  }

  update(id: string, change: { content?: string | Buffer; fields?: Record<string, unknown>; name?: string }): void {
    const item = this.#live(id);
    if (change.content !== undefined) {
      item.content = Buffer.from(change.content);
      item.contentVersion += 1;
    }
    if (change.fields) item.fields = { ...item.fields, ...change.fields };
    if (change.name) item.name = change.name;
    item.version += 1;
    item.seq = ++this.seq;
  }

  remove(id: string): void {
    const item = this.#live(id);
    item.deleted = true;
    item.seq = ++this.seq;
  }

  /** Every delta link handed out so far now answers 410 Gone, as when SharePoint's change log rolls over. */
  expireCursors(): void {
    this.epoch += 1;
  }

  idOf(path: string): string {
    const found = [...this.items.values()].find((i) => !i.deleted && this.pathOf(i) === path);
    if (!found) throw new Error(`fake-graph: no item at ${path}`);
    return found.id;
  }

  pathOf(item: Item): string {
    const parent = item.parentId === undefined ? undefined : this.items.get(item.parentId);
    if (!parent) return '';
    const above = this.pathOf(parent);
    return above ? `${above}/${item.name}` : item.name;
  }

  #folder(parentId: string, name: string): string {
    const existing = [...this.items.values()].find((i) => i.folder && !i.deleted && i.parentId === parentId && i.name === name);
    if (existing) return existing.id;
    const id = `01FOLD${String(this.items.size).padStart(4, '0')}`;
    this.items.set(id, this.#item(id, name, parentId, true));
    return id;
  }

  #item(id: string, name: string, parentId: string | undefined, folder: boolean): Item {
    return { id, name, parentId, folder, content: Buffer.alloc(0), fields: {}, seq: ++this.seq, version: 1, contentVersion: 1, deleted: false };
  }

  #live(id: string): Item {
    const item = this.items.get(id);
    if (!item || item.deleted) throw new Error(`fake-graph: no item ${id}`);
    return item;
  }
}

export interface FakeGraph {
  /** The graphBaseUrl to configure, e.g. http://127.0.0.1:51234/v1.0. */
  readonly baseUrl: string;
  readonly siteUrl: string;
  readonly siteId: string;
  readonly token: string;
  /** A TokenCredential handing out `token`; `calls` counts getToken calls. */
  readonly credential: TokenCredential & { calls: number };
  readonly requests: FakeGraphRequest[];
  /** Items per delta page. */
  pageSize: number;
  drive(name: string): FakeDrive;
  fail(...faults: FakeGraphFault[]): void;
  readonly pendingFaults: number;
  close(): Promise<void>;
}

export async function startFakeGraph(o: { siteUrl?: string; libraries?: readonly string[]; pageSize?: number } = {}): Promise<FakeGraph> {
  const siteUrl = o.siteUrl ?? 'https://contoso.sharepoint.com/sites/support';
  const { hostname, pathname: sitePath } = new URL(siteUrl);
  const siteId = `${hostname},6a1b2c3d-0000-4000-8000-000000000001,7b2c3d4e-0000-4000-8000-000000000002`;
  const token = 'fake-graph-token';
  const drives = (o.libraries ?? ['Documents']).map((name, i) => {
    const urlName = name === 'Documents' ? 'Shared Documents' : name;
    return new FakeDrive(`b!fakeDrive${i}Id`, name, `${siteUrl}/${encodeURIComponent(urlName)}`);
  });
  const faults: FakeGraphFault[] = [];
  const requests: FakeGraphRequest[] = [];
  const downloads = new Map<string, Item>();
  let origin = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ path: url.pathname + url.search, authorization: req.headers.authorization });
    const faultAt = faults.findIndex((f) => f.match === undefined || (url.pathname + url.search).includes(f.match));
    if (faultAt >= 0) {
      const [fault] = faults.splice(faultAt, 1);
      if ('hangUp' in fault!) return void req.socket.destroy();
      const code = fault!.code ?? (fault!.status === 429 ? 'TooManyRequests' : 'serviceNotAvailable');
      return sendError(res, fault!.status, code, 'Fake fault.', fault!.retryAfter ? { 'retry-after': fault!.retryAfter } : {});
    }
    if (url.pathname.startsWith('/download/')) return download(req, res, url);
    if (req.headers.authorization !== `Bearer ${token}`) {
      return sendError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    }
    route(res, url);
  });

  function route(res: ServerResponse, url: URL): void {
    const path = decodeURIComponent(url.pathname);
    if (path === `/v1.0/sites/${hostname}:${sitePath}`) return sendJson(res, 200, { id: siteId, webUrl: siteUrl, displayName: 'Support' });
    if (path === `/v1.0/sites/${siteId}/drives`) {
      return sendJson(res, 200, { value: drives.map((d) => ({ id: d.id, name: d.name, driveType: 'documentLibrary', webUrl: d.webUrl })) });
    }
    const m = /^\/v1\.0\/drives\/([^/]+)\/(root\/delta|items\/([^/]+)\/(listItem|content))$/.exec(path);
    const drive = drives.find((d) => d.id === m?.[1]);
    if (!m || !drive) return sendError(res, 404, 'itemNotFound', 'The resource could not be found.');
    if (m[2] === 'root/delta') return delta(res, url, drive);
    const item = drive.items.get(m[3]!);
    if (!item || item.deleted) return sendError(res, 404, 'itemNotFound', 'The resource could not be found.');
    if (m[4] === 'listItem') {
      const fields = { '@odata.etag': `"${item.id},${item.version}"`, id: '1', FileLeafRef: item.name, ContentType: 'Document', _UIVersionString: `${item.version}.0`, ...item.fields };
      return sendJson(res, 200, { id: '1', ...(url.searchParams.get('$expand') === 'fields' ? { fields } : {}) });
    }
    if (item.folder) return sendError(res, 400, 'invalidRequest', 'Cannot download a folder.');
    const tempauth = `v1.${Math.random().toString(36).slice(2)}`;
    downloads.set(tempauth, item);
    res.writeHead(302, { location: `${origin}/download/${drive.id}/${item.id}?tempauth=${tempauth}` });
    res.end();
  }

  function delta(res: ServerResponse, url: URL, drive: FakeDrive): void {
    // Like SharePoint: expanding listItem (or anything) on delta is refused.
    if (url.searchParams.has('$expand')) return sendError(res, 400, 'badArgument', 'One of the provided arguments is not acceptable.');
    const raw = url.searchParams.get('token');
    const state = raw ? decodeToken(raw) : { epoch: drive.epoch, since: 0, upto: 0, after: 0 };
    if (!state || state.epoch !== drive.epoch) {
      return sendError(res, 410, 'resyncRequired', "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.", { location: `${origin}/v1.0/drives/${drive.id}/root/delta` });
    }
    // A new enumeration snapshots the change counter; its nextLinks page through that snapshot by seq, so an item
    // changed meanwhile is not skipped but left for the next sync. A full one (since 0) omits tombstones.
    const upto = state.upto || drive.seq;
    const changed = [...drive.items.values()]
      .filter((i) => i.seq > Math.max(state.since, state.after) && i.seq <= upto && (state.since > 0 || !i.deleted))
      .sort((a, b) => a.seq - b.seq);
    const page = changed.slice(0, fake.pageSize);
    const link = (t: object) => `${origin}/v1.0/drives/${drive.id}/root/delta?token=${Buffer.from(JSON.stringify(t)).toString('base64url')}`;
    sendJson(res, 200, {
      '@odata.context': `${origin}/v1.0/$metadata#Collection(driveItem)`,
      value: page.map((i) => toJson(drive, i)),
      ...(changed.length > page.length
        ? { '@odata.nextLink': link({ ...state, upto, after: page.at(-1)!.seq }) }
        : { '@odata.deltaLink': link({ epoch: drive.epoch, since: upto, upto: 0, after: 0 }) }),
    });
  }

  function decodeToken(raw: string): { epoch: number; since: number; upto: number; after: number } | undefined {
    try {
      return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    } catch {
      return undefined; // an unreadable token is as good as expired
    }
  }

  function toJson(drive: FakeDrive, i: Item): Record<string, unknown> {
    const parentReference = { driveId: drive.id, driveType: 'documentLibrary', ...(i.parentId ? { id: i.parentId } : {}) };
    if (i.deleted) return { id: i.id, parentReference, deleted: { state: 'deleted' } };
    const path = drive.pathOf(i);
    return {
      id: i.id,
      name: i.name,
      webUrl: path ? `${drive.webUrl}/${path.split('/').map(encodeURIComponent).join('/')}` : drive.webUrl,
      eTag: `"{${i.id}},${i.version}"`,
      cTag: `"c:{${i.id}},${i.contentVersion}"`,
      size: i.folder ? 0 : i.content.length,
      lastModifiedDateTime: new Date(Date.UTC(2026, 0, 1, 0, 0, i.seq)).toISOString(),
      parentReference,
      ...(i.folder ? { folder: { childCount: 0 } } : { file: { mimeType: 'application/octet-stream' } }),
      ...(i.id === drive.rootId ? { root: {} } : {}),
    };
  }

  function download(req: IncomingMessage, res: ServerResponse, url: URL): void {
    // Pre-authenticated URLs reject a bearer token, as SharePoint does for tempauth links.
    if (req.headers.authorization) return sendError(res, 401, 'invalidRequest', 'Authorization header not allowed on a pre-authenticated URL.');
    const item = downloads.get(url.searchParams.get('tempauth') ?? '');
    if (!item || !url.pathname.endsWith(`/${item.id}`)) return sendError(res, 401, 'invalidRequest', 'Invalid or expired tempauth.');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': item.content.length });
    res.end(item.content);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const credential = {
    calls: 0,
    async getToken(): Promise<AccessToken> {
      credential.calls += 1;
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  const fake: FakeGraph = {
    baseUrl: `${origin}/v1.0`,
    siteUrl,
    siteId,
    token,
    credential,
    requests,
    pageSize: o.pageSize ?? 200,
    drive(name) {
      const found = drives.find((d) => d.name === name);
      if (!found) throw new Error(`fake-graph: no library ${name}`);
      return found;
    },
    fail: (...more) => void faults.push(...more),
    get pendingFaults() {
      return faults.length;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `fake-${Math.random().toString(36).slice(2)}`, ...headers });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message, innerError: { date: new Date().toISOString() } } }, headers);
}
