import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';
import type { OutputSchema } from './chat-model.ts';
import { AiUnavailableError } from './errors.ts';

/**
 * JSON-Schema keywords Azure OpenAI structured outputs reject with a 400 (its "unsupported type-specific keywords"
 * table). zod emits several of them (`.min()` → minimum/minLength/minItems, `.int()` → minimum/maximum,
 * `.email()` → format/pattern) and `zodResponseFormat` passes them through, so we refuse such schemas up front:
 * a schema bug should fail loudly in the first test, not as a fallback on every call in production.
 */
const UNSUPPORTED = new Set([
  'minLength', 'maxLength', 'pattern', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'patternProperties', 'unevaluatedProperties', 'propertyNames', 'minProperties', 'maxProperties',
  'unevaluatedItems', 'contains', 'minContains', 'maxContains', 'minItems', 'maxItems', 'uniqueItems',
]);

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The `response_format` for a structured completion; throws a plain Error (a bug, not an outage) on a bad schema. */
export function responseFormat(schema: OutputSchema, name: string): ReturnType<typeof zodResponseFormat> {
  if (!NAME.test(name)) throw new Error(`schema name ${JSON.stringify(name)}: use 1-64 letters, digits, _ or -`);
  let format: ReturnType<typeof zodResponseFormat>;
  try {
    format = zodResponseFormat(schema, name);
  } catch (error) {
    throw new Error(`schema ${name}: ${(error as Error).message}`, { cause: error });
  }
  const found = unsupportedKeywords(format.json_schema.schema, '');
  if (found.length > 0) {
    throw new Error(
      `schema ${name}: ${found.join(', ')} not supported by structured outputs; keep the schema shape only ` +
        '(no .min/.max/.int/.email/.regex) and check ranges after parsing',
    );
  }
  return format;
}

/** Parses and validates a reply; anything else is the service's fault, reported as `invalid-output`. */
export function parseOutput<S extends OutputSchema>(schema: S, name: string, content: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (error) {
    const message = `${name}: reply is not JSON (${preview(content)})`;
    throw new AiUnavailableError('invalid-output', message, { cause: error });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = [name, ...(issue?.path ?? [])].join('.');
    throw new AiUnavailableError('invalid-output', `${where}: ${issue?.message ?? 'invalid'}`, { cause: result.error });
  }
  return result.data;
}

/** Walks schema nodes only, so a property that happens to be called `pattern` is not mistaken for the keyword. */
function unsupportedKeywords(node: unknown, path: string): string[] {
  if (!node || typeof node !== 'object') return [];
  const schema = node as Record<string, unknown>;
  const found = Object.keys(schema)
    .filter((key) => UNSUPPORTED.has(key))
    .map((key) => `${path || '/'}: ${key}`);
  const children: [string, unknown][] = [];
  for (const key of ['properties', '$defs', 'definitions']) {
    for (const [name, child] of Object.entries((schema[key] as Record<string, unknown> | undefined) ?? {})) {
      children.push([`${path}/${name}`, child]);
    }
  }
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    if (Array.isArray(schema[key])) schema[key].forEach((child, i) => children.push([`${path}/${key}[${i}]`, child]));
  }
  for (const key of ['items', 'additionalProperties', 'not']) {
    if (schema[key] && typeof schema[key] === 'object') children.push([`${path}/${key}`, schema[key]]);
  }
  return [...found, ...children.flatMap(([childPath, child]) => unsupportedKeywords(child, childPath))];
}

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}
