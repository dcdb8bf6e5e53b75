/** Helpers shared by the storage suites. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

/** Creating a PGlite folder runs initdb in WASM: seconds, and the first one in a process compiles the WASM too. */
export const PGLITE_OPEN_TIMEOUT_MS = 120_000;

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `support-hub-${label}-`));
}

/** A schema name no other run uses, so runs can share one database. */
export function testSchema(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    return error as Error;
  }
  expect.fail('expected the promise to reject');
}
