/**
 * Writes topics/topic.schema.json from the zod schema in topics/schema.ts: `npm run topics:schema`.
 * Run it after changing the schema; tests/topics/json-schema.test.ts fails while the committed file is stale.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOPIC_JSON_SCHEMA_FILE, topicJsonSchemaText } from '../topics/json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const text = topicJsonSchemaText();
await writeFile(join(root, TOPIC_JSON_SCHEMA_FILE), text);
console.log(`wrote ${TOPIC_JSON_SCHEMA_FILE} (${Buffer.byteLength(text)} bytes)`);
