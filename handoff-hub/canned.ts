import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseYaml, YamlFileError } from '../core/yaml.ts';
import type { CannedResponse } from './protocol.ts';

/**
 * Canned responses for the console, from a YAML file a team lead edits (`HUB_CANNED_FILE`). `{customer.name}` and
 * `{rep.name}` in a text are filled in by the console when the rep inserts it. Read with the project's safe YAML
 * reader; problems come back as `file:line:col path: message`.
 */
const fileSchema = z
  .object({
    responses: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - (max 64), starting with a letter'),
            title: z.string().trim().min(1).max(80),
            text: z.string().trim().min(1).max(2000),
          })
          .strict(),
      )
      .max(500),
  })
  .strict();

export class CannedFileError extends YamlFileError {
  override name = 'CannedFileError';
}

export async function loadCannedFile(path: string): Promise<CannedResponse[]> {
  const parsed = parseYaml(await readFile(path, 'utf8'), path, fileSchema);
  if (!parsed.ok) throw new CannedFileError(parsed.issues);
  const seen = new Set<string>();
  for (const r of parsed.data.responses) {
    if (seen.has(r.id)) throw new CannedFileError([{ file: path, path: 'responses', message: `duplicate id "${r.id}"` }]);
    seen.add(r.id);
  }
  return parsed.data.responses;
}
