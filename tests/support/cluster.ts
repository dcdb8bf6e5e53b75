import { openPostgres } from '../../core/storage/index.ts';
import { testSchema } from '../core/storage/support.ts';
import type { TestApp } from './app.ts';
import { startHubApp } from './hub.ts';
import { dropRedisKeys, testRedisPrefix } from './redis-prefix.ts';
import { requireEnv } from './services.ts';

/** Hub nodes as a scaled-out deployment runs them: one PostgreSQL schema, one Redis, each node on its own port. */
export interface HubCluster {
  readonly nodes: readonly TestApp[];
  /** Stops every node, drops the schema and deletes the run's Redis keys. */
  stop(): Promise<void>;
}

/**
 * Starts `count` whole servers in this process over a schema and a REDIS_PREFIX no other run uses. Without
 * TEST_DATABASE_URL or TEST_REDIS_URL the suite is pending (a failure under CI=true).
 */
export async function startHubCluster(ctx: Mocha.Context, count: number): Promise<HubCluster> {
  const databaseUrl = requireEnv(ctx, 'TEST_DATABASE_URL');
  const redisUrl = requireEnv(ctx, 'TEST_REDIS_URL');
  const schema = testSchema();
  const redisPrefix = testRedisPrefix();
  const nodes: TestApp[] = [];
  const stop = async () => {
    for (const node of nodes.splice(0)) await node.stop();
    const sql = await openPostgres(databaseUrl, schema);
    try {
      await sql.exec(`DROP SCHEMA ${schema} CASCADE`);
    } finally {
      await sql.close();
    }
    await dropRedisKeys(redisUrl, redisPrefix);
  };
  try {
    // One after another: the first node migrates the schema and seeds the admin, the next finds both done.
    for (let i = 0; i < count; i++) {
      nodes.push(await startHubApp({ DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema, REDIS_URL: redisUrl, REDIS_PREFIX: redisPrefix }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, stop };
}
