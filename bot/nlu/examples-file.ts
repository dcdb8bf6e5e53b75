import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { parseYaml, YamlFileError } from '../../core/yaml.ts';
import type { IntentExamples } from './types.ts';

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
  const parsed = parseYaml(await readFile(path, 'utf8'), path, fileSchema);
  if (!parsed.ok) throw new ExamplesFileError(new YamlFileError(parsed.issues).message);
  return parsed.data.intents;
}
