import { z } from 'zod';
import { topicFile } from './schema.ts';

/**
 * The topic file format as JSON Schema, for editors (yaml-language-server reads the
 * `# yaml-language-server: $schema=../topic.schema.json` line at the top of each topic file). Derived from the
 * zod schema so the two cannot drift; `npm run topics:schema` writes it and a test compares the committed copy.
 */

export const TOPIC_JSON_SCHEMA_FILE = 'topics/topic.schema.json';

/** The schema as written to the file: pretty-printed, ending with a newline. */
export function topicJsonSchemaText(): string {
  // io 'input': what a maker writes (defaults make fields optional), not what the loader produces.
  // draft-7 because yaml-language-server and most editors understand it fully.
  const schema = z.toJSONSchema(topicFile, { io: 'input', target: 'draft-7' });
  const { $schema, ...rest } = schema;
  const titled = {
    $schema,
    title: 'Support Hub topic',
    description:
      'One conversation topic (the file name without .yaml is its id). Generated from topics/schema.ts by `npm run topics:schema`; do not edit by hand.',
    ...rest,
  };
  return `${JSON.stringify(titled, null, 2)}\n`;
}
