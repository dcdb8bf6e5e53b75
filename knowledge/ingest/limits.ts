/**
 * Caps on what one file may cost to ingest. Files come from makers and SharePoint libraries, so a bad one (a zip
 * bomb named .docx, a 2 000-page scan, a binary renamed .md) must be refused with a reason, quickly and with
 * bounded memory, rather than stall or crash the sync that read it.
 */
export interface IngestLimits {
  /** Bytes of the file itself. */
  readonly maxBytes: number;
  /** Characters of text extracted from one file (all formats). */
  readonly maxTextChars: number;
  /** Pages of a PDF. */
  readonly maxPages: number;
  /** Wall-clock time to read a PDF or DOCX (their parsers can be slow on hostile input). */
  readonly maxParseMs: number;
  /** Zip packages (DOCX): the sum of the entries' uncompressed sizes. */
  readonly maxUnzippedBytes: number;
  /** Zip packages: how many entries. */
  readonly maxZipEntries: number;
  /** Zip packages: uncompressed ÷ compressed size of one entry (Office XML is typically 3–10×). */
  readonly maxCompressionRatio: number;
}

/** Numbers from the security research (B10): ratio 100×, 50 MB unzipped, 1 000 entries, ≤ 10 s per file. */
export const DEFAULT_INGEST_LIMITS: IngestLimits = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxTextChars: 2_000_000,
  maxPages: 500,
  maxParseMs: 10_000,
  maxUnzippedBytes: 50 * 1024 * 1024,
  maxZipEntries: 1_000,
  maxCompressionRatio: 100,
});

/** `20 MB`, `512 KB`: sizes as a maker reads them in a reason. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** A refusal with a reason for the maker; thrown inside the parsers and turned into `{ ok: false }` once. */
export class IngestRefusal extends Error {
  override name = 'IngestRefusal';
}

/**
 * Resolves as `work` does, or refuses with `reason` after `ms`. The parser is not stopped (pdf.js is, by its caller
 * destroying the task), but the sync moves on instead of waiting on a hostile file.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, reason: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new IngestRefusal(reason)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
