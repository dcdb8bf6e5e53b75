import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

/** A REDIS_PREFIX no other run uses, so runs sharing one Redis keep their streams and channels apart. */
export function testRedisPrefix(): string {
  return `test-${randomBytes(6).toString('hex')}:`;
}

/** Deletes the keys a run left under its prefix (the Socket.io stream keeps up to 10,000 entries otherwise). */
export async function dropRedisKeys(url: string, prefix: string): Promise<void> {
  const client = createClient({ url });
  client.on('error', () => undefined); // a failed command rejects; the listener only keeps the process alive
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    await client.quit();
  }
}
