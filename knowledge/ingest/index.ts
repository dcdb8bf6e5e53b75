/**
 * Ingestion: a file's bytes to a parsed document (metadata + blocks), and a parsed document to passages.
 */
export { DEFAULT_INGEST_LIMITS, type IngestLimits } from './limits.ts';
export { parseFile, SUPPORTED_EXTENSIONS, type ParseResult } from './parse-file.ts';
export { PASSAGE_WORDS, toPassages } from './passages.ts';
export { resolveMeta } from './meta.ts';
