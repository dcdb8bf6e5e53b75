import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { IntentExamples } from './types.ts';

/** Example files are maker-edited: cap what one can cost to parse. */
const MAX_FILE_BYTES = 512 * 1024;

const fileSchema = z
  .object({
    intents: z
      .array(
        z
          .object({
            intent: z.string().regex(/^[a-z][a-z0-9_.-]{0,79}$/, 'lower-case letters, digits, _ . - (max 80)'),
            phrases: z.array(z.string().trim().min(1).max(500)).max(5000),
          })
          .strict(),
      )
      .max(2000),
  })
  .strict();

export class ExamplesFileError extends Error {
  override name = 'ExamplesFileError';
}

/**
 * Reads intent examples from YAML files (`intents: [{intent, phrases: [...]}]`). Errors name the file, line and
 * path (`examples/store.yaml:7:9 intents[1].phrases[0]: …`); aliases are capped and duplicate keys refused.
 */
export async function loadExamplesDir(dir: string): Promise<IntentExamples[]> {
  const files = (await readdir(dir)).filter((f) => ['.yaml', '.yml'].includes(extname(f))).sort();
  const all: IntentExamples[] = [];
  for (const file of files) all.push(...(await loadExamplesFile(join(dir, file))));
  return all;
}

export async function loadExamplesFile(path: string): Promise<IntentExamples[]> {
  const info = await stat(path);
  if (info.size > MAX_FILE_BYTES) throw new ExamplesFileError(`${path}: larger than ${MAX_FILE_BYTES} bytes`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(await readFile(path, 'utf8'), { lineCounter, uniqueKeys: true, merge: false, prettyErrors: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return '';
    const { line, col } = lineCounter.linePos(offset);
    return `:${line}:${col}`;
  };
  const syntax = doc.errors[0];
  if (syntax) throw new ExamplesFileError(`${path}${at(syntax.pos[0])} ${syntax.message}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // The yaml library throws a bare ReferenceError for alias bombs ("Excessive alias count").
    throw new ExamplesFileError(`${path} ${(error as Error).message}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const node = doc.getIn(issue.path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    const where = isMap(node) || node?.range ? at(node?.range?.[0]) : '';
    throw new ExamplesFileError(`${path}${where} ${formatPath(issue.path)}: ${issue.message}`);
  }
  return parsed.data.intents;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}
