import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { TOPIC_JSON_SCHEMA_FILE, topicJsonSchemaText } from '../../topics/json-schema.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('Topic JSON Schema', () => {
  it('is committed exactly as the zod schema produces it (run `npm run topics:schema` after changing topics/schema.ts)', async () => {
    const committed = await readFile(join(root, TOPIC_JSON_SCHEMA_FILE), 'utf8');
    expect(committed === topicJsonSchemaText(), 'topics/topic.schema.json is stale: run npm run topics:schema').to.equal(true);
  });

  it('describes what makers write: defaults optional, every node kind, no unknown keys', () => {
    const schema = JSON.parse(topicJsonSchemaText());
    expect(schema).to.include({ title: 'Support Hub topic', type: 'object', additionalProperties: false });
    expect(schema.required).to.have.members(['name', 'nodes']);
    const kinds = schema.properties.nodes.items.oneOf.map((n: { properties: { kind: { const: string } } }) => n.properties.kind.const);
    expect(kinds).to.include.members(['message', 'question', 'condition', 'set', 'knowledge', 'action', 'redirect', 'transfer', 'end-topic', 'end-conversation']);
  });
});
