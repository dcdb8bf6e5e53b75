import type { Sql } from '../../core/storage/index.ts';
import type { AnswerContext, KnowledgeBase, KnowledgeStatus, QueryDescription, SyncProgress, SyncReport } from '../../knowledge/index.ts';

/** What the `knowledge` CLI needs, whether it talks to the running server or opens the data folder itself. */
export interface KnowledgeClient {
  sync(source: string | undefined, onProgress: (p: SyncProgress) => void): Promise<SyncReport[]>;
  status(): Promise<KnowledgeStatus>;
  query(text: string, context: AnswerContext, limit: number): Promise<QueryDescription>;
  close(): Promise<void>;
}

/** The running server's operator API, or undefined when nothing answers at `base`. */
export async function remoteClient(base: string, token: string | undefined): Promise<KnowledgeClient | undefined> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let probe: Response;
  try {
    probe = await fetch(`${base}/api/knowledge/status`, { headers, signal: AbortSignal.timeout(2000) });
  } catch {
    return undefined; // Not running (or not here): the caller opens the data folder.
  }
  if (probe.status === 401 || probe.status === 403) throw new Error(`${base} refused the operator API (${probe.status}): set ADMIN_TOKEN`);
  if (!probe.ok) throw new Error(`${base}/api/knowledge/status answered ${probe.status}`);
  const initial = (await probe.json()) as KnowledgeStatus;
  let first = true;
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${base}${path}`, { headers });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    async status() {
      if (first) {
        first = false;
        return initial;
      }
      return get<KnowledgeStatus>('/api/knowledge/status');
    },
    async query(text, context, limit) {
      const params = new URLSearchParams({ q: text, audience: context.audience, limit: String(limit) });
      if (context.product) params.set('product', context.product);
      if (context.version) params.set('version', context.version);
      return get<QueryDescription>(`/api/knowledge/query?${params}`);
    },
    async sync(source, onProgress) {
      const response = await fetch(`${base}/api/knowledge/sync`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(source ? { source } : {}),
      });
      if (!response.ok || !response.body) throw new Error(`/api/knowledge/sync answered ${response.status}: ${await response.text()}`);
      let reports: SyncReport[] = [];
      let buffered = '';
      for await (const chunk of response.body.pipeThrough(new TextDecoderStream())) {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const message = JSON.parse(line) as { progress?: SyncProgress; reports?: SyncReport[] };
          if (message.progress) onProgress(message.progress);
          if (message.reports) reports = message.reports;
        }
      }
      return reports;
    },
    async close() {},
  };
}

/** The knowledge base opened in this process (the server is not running). */
export function localClient(
  base: KnowledgeBase,
  sql: Sql,
  describe: (base: KnowledgeBase, q: string, context: AnswerContext, limit: number) => Promise<QueryDescription>,
): KnowledgeClient {
  return {
    sync: (source, onProgress) => base.sync({ ...(source ? { source } : {}), onProgress }),
    status: () => base.status(),
    query: (text, context, limit) => describe(base, text, context, limit),
    async close() {
      base.close();
      await sql.close();
    },
  };
}
