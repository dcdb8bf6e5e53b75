import { isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { z } from 'zod';

/**
 * Maker-edited YAML read safely: a size cap, a cap on alias expansion (alias bombs), duplicate keys refused,
 * no `<<` merge keys, and keys that could reach an object's prototype (`__proto__`, `constructor`, `prototype`)
 * refused. Every problem is reported as `file:line:col path: message`, all of them rather than the first.
 */

export interface YamlLimits {
  readonly maxBytes: number;
  readonly maxAliasCount: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 512 * 1024, maxAliasCount: 100 };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface YamlIssue {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  /** Dotted path into the document (`nodes[2].type`), empty for the whole file. */
  readonly path: string;
  readonly message: string;
}

export function formatYamlIssue(issue: YamlIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.col}`;
  return issue.path ? `${where} ${issue.path}: ${issue.message}` : `${where} ${issue.message}`;
}

export class YamlFileError extends Error {
  override name = 'YamlFileError';
  constructor(readonly issues: readonly YamlIssue[], options?: ErrorOptions) {
    super(issues.map(formatYamlIssue).join('\n'), options);
  }
}

export type YamlPath = readonly (string | number)[];

export interface ParsedYaml<T> {
  readonly data: T;
  /** Where a path of the data sits in the file (for errors found after parsing, e.g. cross-file checks). */
  locate(path: YamlPath): { line: number; col: number } | undefined;
}

export type YamlResult<T> = ({ ok: true } & ParsedYaml<T>) | { ok: false; issues: YamlIssue[] };

/** Parses `text` (from `file`, for messages) and validates it with `schema`. Never throws on bad input. */
export function parseYaml<T>(text: string, file: string, schema: z.ZodType<T>, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlResult<T> {
  const bytes = Buffer.byteLength(text);
  if (bytes > limits.maxBytes) {
    return fail({ file, path: '', message: `file is ${bytes} bytes; the limit is ${limits.maxBytes}` });
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: false, prettyErrors: false });
  const position = (offset: number | undefined) => (offset === undefined ? {} : lineCounter.linePos(offset));
  if (doc.errors.length > 0) {
    return { ok: false, issues: doc.errors.map((e) => ({ file, ...position(e.pos[0]), path: '', message: e.message })) };
  }
  const forbidden = forbiddenKeys(doc).map(({ offset, path }) => ({
    file,
    ...position(offset),
    path,
    message: 'this key name is not allowed (it could reach an object prototype)',
  }));
  if (forbidden.length > 0) return { ok: false, issues: forbidden };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    // The yaml library throws a bare ReferenceError for alias bombs ("Excessive alias count ..."), without a
    // position: point at the first alias, where the expansion starts.
    return fail({ file, ...position(firstAliasOffset(doc)), path: '', message: (error as Error).message });
  }
  const locate = (path: YamlPath) => {
    const offset = offsetOf(doc, path);
    return offset === undefined ? undefined : lineCounter.linePos(offset);
  };
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
      // An unknown key (usually a typo) is reported on its object; point at the key's line, not the object's.
      const at = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...path, issue.keys[0]] : path;
      return { file, ...locate(at), path: formatPath(path), message: issue.message };
    });
    return { ok: false, issues };
  }
  return { ok: true, data: parsed.data, locate };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

function fail(issue: YamlIssue): YamlResult<never> {
  return { ok: false, issues: [issue] };
}

/** The offset of the deepest node along `path` that exists (so a missing key points at its parent). */
function offsetOf(doc: Document, path: YamlPath): number | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return node.range[0];
    if (length === 0) return (doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
  }
  return undefined;
}

function forbiddenKeys(doc: Document): { offset: number | undefined; path: string }[] {
  const found: { offset: number | undefined; path: string }[] = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isPair(pair) || !isScalar(pair.key) || !FORBIDDEN_KEYS.has(String(pair.key.value))) return;
      // Sequence indexes too, so the path reads like the schema's (`nodes[0].__proto__`).
      const chain = [...ancestors, pair];
      const keys = chain.flatMap((node, k): (string | number)[] =>
        isSeq(node) ? [node.items.indexOf(chain[k + 1] as never)] : isPair(node) ? [isScalar(node.key) ? String(node.key.value) : '?'] : [],
      );
      found.push({ offset: pair.key.range?.[0], path: formatPath(keys) });
    },
  });
  return found;
}

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      offset = alias.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}
