/**
 * The knowledge base from a terminal: `npm run knowledge -- <command>`.
 *
 *   sync [--source ID]                      index what changed (a progress bar for long runs)
 *   status [--json]                         sources, counts, last sync, files skipped and why
 *   query "text" [--product P] [--version V] [--audience external|internal] [--limit N] [--json]
 *   query --file queries.txt --json         one query per line in, one JSON line per query out
 *
 * PGlite lets one process open the data folder, so when the server is running (it answers at --url, default
 * http://127.0.0.1:$PORT) the CLI goes through its operator API (with $ADMIN_TOKEN when set); otherwise it opens
 * the data folder itself, configured by the same environment (.env) as the server.
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { openStorage } from '../core/storage/index.ts';
import { loadWordVectors } from '../core/text/index.ts';
import {
  createKnowledgeBase,
  describeQuery,
  type KnowledgeStatus,
  type QueryDescription,
  SHIPPED_SYNONYMS,
  type SyncProgress,
  type SyncReport,
} from '../knowledge/index.ts';
import { type KnowledgeClient, localClient, remoteClient } from './lib/knowledge-client.ts';

const USAGE = 'usage: knowledge sync [--source ID] | status [--json] | query "text" [--product P] [--version V] [--audience A] [--limit N] [--json] | query --file F --json';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      json: { type: 'boolean', default: false },
      product: { type: 'string' },
      version: { type: 'string' },
      audience: { type: 'string', default: 'external' },
      limit: { type: 'string', default: '5' },
      file: { type: 'string' },
      url: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || !['sync', 'status', 'query'].includes(command)) return fail(USAGE);
  if (values.audience !== 'external' && values.audience !== 'internal') return fail('--audience is external or internal');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) return fail('--limit is a whole number from 1 to 50');

  const client = await connect(values.url);
  try {
    if (command === 'sync') return report(await client.sync(values.source, progressBar()));
    if (command === 'status') return printStatus(await client.status(), values.json);
    const queries = values.file ? (await readFile(values.file, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean) : [rest.join(' ').trim()];
    if (queries.length === 0 || !queries[0]) return fail('query needs text (or --file)');
    const context = { audience: values.audience, ...(values.product ? { product: values.product } : {}), ...(values.version ? { version: values.version } : {}) } as const;
    for (const q of queries) printQuery(await client.query(q, context, limit), values.json);
    return 0;
  } finally {
    await client.close();
  }
}

/** The running server's API if it answers, else the data folder opened here. */
async function connect(url: string | undefined): Promise<KnowledgeClient> {
  const config = loadConfig(process.env);
  const base = url ?? `http://127.0.0.1:${config.port}`;
  const remote = await remoteClient(base, config.adminToken);
  if (remote) return remote;
  const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const sql = await openStorage({ databaseUrl: config.database.url, schema: config.database.schema, dataDir: config.dataDir }, log);
  const knowledge = await createKnowledgeBase(
    { ...config.knowledge, synonymsFile: config.knowledge.synonymsFile ?? SHIPPED_SYNONYMS },
    { sql, log, wordVectors: await loadWordVectors() },
  );
  return localClient(knowledge, sql, describeQuery);
}

function report(reports: readonly SyncReport[]): number {
  for (const r of reports) {
    const line = `${r.source}: ${r.added} added, ${r.updated} updated, ${r.removed} removed, ${r.unchanged} unchanged, ${r.skipped} skipped (${(r.ms / 1000).toFixed(1)} s)`;
    console.log(r.error ? `${line} — failed: ${r.error}` : line);
  }
  return reports.some((r) => r.error) ? 1 : 0;
}

function printStatus(status: KnowledgeStatus, json: boolean): number {
  if (json) {
    console.log(JSON.stringify(status));
    return 0;
  }
  console.log(`${status.documents} documents, ${status.passages} passages`);
  for (const s of status.sources) {
    console.log(`\n${s.id} (${s.kind}) ${s.description}`);
    console.log(`  ${s.documents} documents, ${s.passages} passages; last sync ${s.lastSyncAt ?? 'never'}${s.lastError ? `; last error: ${s.lastError}` : ''}`);
    for (const k of s.skipped) console.log(`  skipped ${k.key}: ${k.reason}`);
  }
  return 0;
}

function printQuery(d: QueryDescription, json: boolean): void {
  if (json) {
    const { query, results, answer, confident } = d;
    console.log(JSON.stringify({ query, results: results.map(({ id, title, source, score }) => ({ id, title, source, score })), answer, confident }));
    return;
  }
  console.log(`\n${d.query}`);
  d.results.forEach((r, i) => console.log(`  ${i + 1}. ${r.score.toFixed(3)}  ${r.title}${r.version ? ` (${r.version})` : ''}  [${r.location}]`));
  if (d.results.length === 0) console.log('  (no results)');
  if (d.reply.kind === 'answer') {
    console.log(`  answer: ${d.reply.answer.text.replace(/\n+/g, ' ')}`);
    for (const c of d.reply.answer.citations) console.log(`  source: ${c.title}${c.version ? ` (${c.version})` : ''}${c.url ? ` ${c.url}` : c.path ? ` ${c.path}` : ''}`);
  } else {
    console.log(`  answer: ${d.answer ?? "(none: the bot says it does not know and offers to rephrase or talk to a person)"}`);
  }
}

/** A one-line bar on a terminal, a line per source otherwise (logs, CI). */
function progressBar(): (p: SyncProgress) => void {
  let last = '';
  return (p) => {
    if (!process.stderr.isTTY) {
      if (p.done === p.total && last !== p.source) process.stderr.write(`${p.source}: ${p.total} items checked\n`);
      last = p.source;
      return;
    }
    const width = 30;
    const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
    process.stderr.write(`\r${p.source} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.done}/${p.total} ${(p.key ?? '').slice(0, 40).padEnd(40)}`);
    if (p.done === p.total) process.stderr.write('\n');
  };
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`knowledge: ${(error as Error).message}`);
    process.exit(1);
  },
);
