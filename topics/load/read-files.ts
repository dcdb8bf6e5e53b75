import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { DEFAULT_YAML_LIMITS, parseYaml, type YamlIssue } from '../../core/yaml.ts';
import { TOPIC_ID, topicFile } from '../schema.ts';
import type { Topic, TopicProblem } from '../topic.ts';

/** Topic files are small; anything near this size is a mistake (or an attack), not a topic. */
export const MAX_TOPIC_FILE_BYTES = DEFAULT_YAML_LIMITS.maxBytes;

export interface FileStamp {
  readonly path: string;
  readonly mtimeMs: number;
  readonly size: number;
}

/** The topic files under `dir` (and its sub-folders, e.g. `system/`), sorted, with what changes when they do. */
export async function listTopicFiles(dir: string): Promise<FileStamp[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile() && ['.yaml', '.yml'].includes(extname(e.name)))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  const stamps: FileStamp[] = [];
  for (const path of paths) {
    // A file deleted between listing and stat is simply gone.
    const info = await stat(path).catch(() => undefined);
    if (info) stamps.push({ path, mtimeMs: info.mtimeMs, size: info.size });
  }
  return stamps;
}

export type TopicFileResult = { ok: true; topic: Topic } | { ok: false; problems: TopicProblem[] };

/** Reads and validates one topic file. Never throws for what is in the file; problems name file, line and path. */
export async function readTopicFile(path: string, root: string): Promise<TopicFileResult> {
  const file = relative(process.cwd(), path) || path;
  const id = basename(path, extname(path));
  if (!TOPIC_ID.test(id)) {
    return fail({ file, path: '', message: `file name '${id}' is not a topic id: lower-case letters, digits and -, starting with a letter` });
  }
  const info = await stat(path);
  if (info.size > MAX_TOPIC_FILE_BYTES) {
    return fail({ file, path: '', message: `file is ${info.size} bytes; the limit is ${MAX_TOPIC_FILE_BYTES}` });
  }
  const parsed = parseYaml(await readFile(path, 'utf8'), file, topicFile);
  if (!parsed.ok) return { ok: false, problems: parsed.issues.map(asError) };
  return { ok: true, topic: { ...parsed.data, id, file, folder: root, locate: parsed.locate } };
}

function asError(issue: YamlIssue): TopicProblem {
  return { severity: 'error', ...issue };
}

function fail(issue: YamlIssue): TopicFileResult {
  return { ok: false, problems: [asError(issue)] };
}
