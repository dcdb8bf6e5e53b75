/**
 * External services some suites need (PostgreSQL, Redis, Chromium). Outside CI a missing one marks the suite
 * pending with the reason; in CI (CI=true) it is a failure, so nothing is silently skipped there.
 */
import { existsSync } from 'node:fs';

export const inCI = process.env.CI === 'true' || process.env.CI === '1';

export function requireEnv(ctx: Mocha.Context, name: 'TEST_DATABASE_URL' | 'TEST_REDIS_URL'): string {
  const value = process.env[name];
  if (value) return value;
  if (inCI) throw new Error(`${name} is not set: CI must provide it (see .ci/run)`);
  ctx.test?.parent && (ctx.test.parent.title += ` (pending: ${name} not set)`);
  ctx.skip();
}

export function chromiumPath(ctx: Mocha.Context): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return path;
  if (inCI) throw new Error(`Chromium not found at ${path}: CI must install it (apt-get install -y chromium)`);
  ctx.skip();
}
