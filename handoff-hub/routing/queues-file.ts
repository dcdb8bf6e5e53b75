import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { formatPath, parseYaml, YamlFileError, type YamlIssue } from '../../core/yaml.ts';
import { isKnownTimeZone } from './business-hours.ts';
import { DEFAULT_DISPOSITIONS, DEFAULT_POLICY, type Disposition, type Queue, type RoutingPolicy, type TimeRange } from './types.ts';

/**
 * The queue configuration file: queues (skills, languages, business hours, maximum wait, overflow), optional
 * routing knobs and the wrap-up codes reps close conversations with. Read with the project's safe YAML reader; every problem is reported as
 * `file:line:col path: message`, schema errors and cross-queue errors (unknown overflow, cycles) alike.
 * The parse is pure; only `loadQueuesFile` touches the disk.
 */

const HHMM = '(?:[01]\\d|2[0-3]):[0-5]\\d';
const rangePattern = new RegExp(`^(${HHMM})-(${HHMM}|24:00)$`);

const timeRange = z
  .string()
  .regex(rangePattern, 'a range of local times "HH:MM-HH:MM" (24 h; the end may be 24:00)')
  .refine((s) => s.slice(0, 5) < s.slice(6), 'the range must end after it starts (split ranges that cross midnight over two days)')
  .transform((s): TimeRange => ({ from: s.slice(0, 5), to: s.slice(6) }));

const day = z.array(timeRange).max(10);

const businessHours = z
  .object({
    timeZone: z.string().refine(isKnownTimeZone, 'an IANA time zone such as Europe/London'),
    weekly: z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }).partial().strict(),
    holidays: z.array(z.iso.date('a local date YYYY-MM-DD')).max(400).optional(),
  })
  .strict();

const id = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - (max 64), starting with a letter');
const name = z.string().trim().min(1).max(64);

const queue = z
  .object({
    id,
    name: z.string().trim().min(1).max(120),
    skills: z.array(name).max(20).default([]),
    languages: z.array(z.string().regex(/^[a-z]{2,3}$/, 'a base language code such as en')).max(20).default([]),
    businessHours: businessHours.optional(),
    maxWaitSeconds: z.number().int().positive().max(24 * 3600),
    overflowQueue: id.optional(),
  })
  .strict();

const seconds = z.number().int().positive().max(24 * 3600);

const routing = z
  .object({
    offerTimeoutSeconds: seconds,
    maxPendingOffersPerRep: z.number().int().positive().max(20),
    declineCooldownSeconds: z.number().int().nonnegative().max(24 * 3600),
    reconnectWindowSeconds: seconds,
    handleTimeSamples: z.number().int().positive().max(1000),
    defaultHandleSeconds: seconds,
    priority: z
      .object({ waitWeight: z.number().nonnegative(), sentimentWeight: z.number().nonnegative(), frustratedBonus: z.number().nonnegative() })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

const disposition = z.object({ code: id, label: z.string().trim().min(1).max(80) }).strict();

const fileSchema = z
  .object({ routing: routing.optional(), queues: z.array(queue).min(1).max(200), dispositions: z.array(disposition).min(1).max(50).optional() })
  .strict();

export interface QueuesConfig {
  readonly queues: readonly Queue[];
  readonly policy: RoutingPolicy;
  readonly dispositions: readonly Disposition[];
}

export type QueuesResult = { readonly ok: true; readonly config: QueuesConfig } | { readonly ok: false; readonly issues: readonly YamlIssue[] };

export class QueuesFileError extends YamlFileError {
  override name = 'QueuesFileError';
}

export async function loadQueuesFile(path: string): Promise<QueuesConfig> {
  const result = parseQueuesYaml(await readFile(path, 'utf8'), path);
  if (!result.ok) throw new QueuesFileError(result.issues);
  return result.config;
}

export function parseQueuesYaml(text: string, file: string): QueuesResult {
  const parsed = parseYaml(text, file, fileSchema);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const { queues, routing: knobs = {}, dispositions = DEFAULT_DISPOSITIONS } = parsed.data;
  const at = (path: (string | number)[], message: string): YamlIssue => ({ file, ...parsed.locate(path), path: formatPath(path), message });
  const issues = [...duplicateIds(queues, at), ...overflowIssues(queues, at), ...duplicateCodes(dispositions, at)];
  if (issues.length > 0) return { ok: false, issues };
  const policy: RoutingPolicy = { ...DEFAULT_POLICY, ...knobs, priority: { ...DEFAULT_POLICY.priority, ...knobs.priority } };
  return { ok: true, config: deepFreeze({ queues: queues satisfies readonly Queue[], policy, dispositions: dispositions.map((d) => ({ ...d })) }) };
}

type At = (path: (string | number)[], message: string) => YamlIssue;
type ParsedQueue = z.infer<typeof queue>;

function duplicateIds(queues: readonly ParsedQueue[], at: At): YamlIssue[] {
  return duplicates(queues.map((q) => q.id), 'queues', 'id', 'queue id', at);
}

function duplicateCodes(dispositions: readonly Disposition[], at: At): YamlIssue[] {
  return duplicates(dispositions.map((d) => d.code), 'dispositions', 'code', 'disposition code', at);
}

function duplicates(keys: readonly string[], list: string, field: string, what: string, at: At): YamlIssue[] {
  const seen = new Map<string, number>();
  return keys.flatMap((key, i) => {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    return first === undefined ? [] : [at([list, i, field], `duplicate ${what} "${key}" (first at ${list}[${first}])`)];
  });
}

/** An unknown overflow target would strand customers; a cycle would bounce them between queues forever. */
function overflowIssues(queues: readonly ParsedQueue[], at: At): YamlIssue[] {
  const byId = new Map(queues.map((q) => [q.id, q]));
  return queues.flatMap((q, i): YamlIssue[] => {
    if (q.overflowQueue === undefined) return [];
    const path = ['queues', i, 'overflowQueue'];
    if (!byId.has(q.overflowQueue)) return [at(path, `unknown overflow queue "${q.overflowQueue}"`)];
    const chain = [q.id];
    for (let next: string | undefined = q.overflowQueue; next !== undefined; next = byId.get(next)?.overflowQueue) {
      if (next === q.id) return [at(path, `overflow cycle: ${[...chain, next].join(' → ')}`)];
      // A cycle further down the chain that does not come back here is reported on its own queues.
      if (chain.includes(next)) return [];
      chain.push(next);
    }
    return [];
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
