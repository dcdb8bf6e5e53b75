import type { Readable } from 'node:stream';
import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import { formatBytes, IngestRefusal, type IngestLimits } from './limits.ts';

/**
 * Checks a zip package (DOCX) before any parser inflates it. First the central directory alone: entry count, the
 * declared total size, each entry's compression ratio, names that climb out (`../`), symlinks, encryption, nested
 * archives; a bomb is refused here without inflating a byte. Then every entry is inflated once, counting, with
 * yauzl's size validation: an entry that lies about its size is caught as soon as it passes what it declared, so the
 * parser that runs next (mammoth, through JSZip) only ever sees sizes that passed the caps.
 */

export interface CheckedZip {
  /** Entry names, for "is this really a DOCX" checks. */
  readonly names: ReadonlySet<string>;
  /** Small entries the caller asked to keep (document properties). */
  readonly kept: ReadonlyMap<string, Buffer>;
}

/** Below this, an entry's ratio does not matter: a few hundred KB of repeated XML compresses well and is harmless. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const MAX_KEPT_BYTES = 64 * 1024;
/** Archives inside the package: never opened by us, but a classic bomb layer (B10: nesting > 0 is refused). */
const ARCHIVE = /\.(?:zip|jar|7z|rar|gz|tgz|bz2|xz|tar)$/i;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export async function checkZip(bytes: Buffer, limits: IngestLimits, kind: string, keep: readonly string[] = []): Promise<CheckedZip> {
  let zip: ZipFile;
  try {
    zip = await fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true, decodeStrings: true });
  } catch (error) {
    throw new IngestRefusal(`not a ${kind}: the file is damaged or truncated (${messageOf(error)})`);
  }
  try {
    if (zip.entryCount > limits.maxZipEntries) {
      throw new IngestRefusal(`the ${kind} holds ${zip.entryCount} files; the limit is ${limits.maxZipEntries}`);
    }
    const entries = await centralDirectory(zip, limits, kind);
    const kept = new Map<string, Buffer>();
    for (const entry of entries) {
      const wanted = keep.includes(entry.fileName) && entry.uncompressedSize <= MAX_KEPT_BYTES;
      const content = await inflateCounting(zip, entry, kind, wanted);
      if (content) kept.set(entry.fileName, content);
    }
    return { names: new Set(entries.map((e) => e.fileName)), kept };
  } finally {
    zip.close();
  }
}

async function centralDirectory(zip: ZipFile, limits: IngestLimits, kind: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw new IngestRefusal(`the ${kind} contains a symbolic link (${name})`);
      if (entry.isEncrypted()) throw new IngestRefusal(`the ${kind} is encrypted (${name})`);
      if (ARCHIVE.test(name)) throw new IngestRefusal(`the ${kind} contains another archive (${name})`);
      total += entry.uncompressedSize;
      if (total > limits.maxUnzippedBytes) {
        throw new IngestRefusal(`the ${kind} unpacks to more than ${formatBytes(limits.maxUnzippedBytes)} (a zip bomb?)`);
      }
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxCompressionRatio) {
        throw new IngestRefusal(
          `the ${kind} contains ${name} compressed ${Math.round(ratio)}:1; the limit is ${limits.maxCompressionRatio}:1 (a zip bomb?)`,
        );
      }
      if (!name.endsWith('/')) entries.push(entry);
    }
  } catch (error) {
    if (error instanceof IngestRefusal) throw error;
    // yauzl's own checks: absolute paths, `..`, backslashes, truncated or overlapping records.
    throw new IngestRefusal(`not a ${kind}: the zip package is damaged or unsafe (${messageOf(error)})`);
  }
  return entries;
}

/** Inflates one entry to count its bytes (yauzl errors past the declared size); returns them when `keep`. */
async function inflateCounting(zip: ZipFile, entry: Entry, kind: string, keep: boolean): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  try {
    const stream: Readable = await zip.openReadStreamPromise(entry);
    for await (const chunk of stream) if (keep) chunks.push(chunk as Buffer);
  } catch (error) {
    throw new IngestRefusal(`not a ${kind}: ${entry.fileName} in the zip package is damaged (${messageOf(error)})`);
  }
  return keep ? Buffer.concat(chunks) : undefined;
}

/** The first sentence of a library's message, for a reason that stays one sentence. */
function messageOf(error: unknown): string {
  return String((error as { message?: string })?.message ?? error).split(/\.(?:\s|$)/)[0]!;
}
