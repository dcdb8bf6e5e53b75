import { stat } from 'node:fs/promises';
import type { Topic, TopicProblem } from '../topic.ts';
import { type CheckOptions, checkTopics } from './check.ts';
import { listTopicFiles, readTopicFile } from './read-files.ts';

/** What `npm run topics:validate` reports for a folder: the topics that read, and every problem, errors first. */
export interface TopicsValidation {
  readonly files: number;
  readonly topics: readonly Topic[];
  readonly problems: readonly TopicProblem[];
}

export class TopicsDirError extends Error {
  override name = 'TopicsDirError';
}

/**
 * Reads every topic file under `dir` and runs the cross-checks, the way the store loads them (minus the store's
 * fallback to the shipped system topics, so a folder is judged on its own). Throws only when `dir` is not a folder.
 */
export async function validateTopicsDir(dir: string, options: CheckOptions = {}): Promise<TopicsValidation> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new TopicsDirError(`${dir}: no such topics folder`);
  const files = await listTopicFiles(dir);
  const topics: Topic[] = [];
  const problems: TopicProblem[] = [];
  for (const { path } of files) {
    const result = await readTopicFile(path, dir).catch((error: unknown) => ({
      ok: false as const,
      problems: [{ severity: 'error' as const, file: path, path: '', message: `cannot read: ${(error as Error).message}` }],
    }));
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const clash = topics.find((t) => t.id === result.topic.id);
    if (clash) {
      problems.push({ severity: 'error', file: result.topic.file, path: '', message: `topic id '${result.topic.id}' is already used by ${clash.file}` });
      continue;
    }
    topics.push(result.topic);
  }
  problems.push(...checkTopics(topics, options));
  return { files: files.length, topics, problems: sortProblems(problems) };
}

/** Errors before warnings; within each, by file and line (a stable sort keeps a file's own order otherwise). */
export function sortProblems(problems: readonly TopicProblem[]): TopicProblem[] {
  const rank = (p: TopicProblem) => (p.severity === 'error' ? 0 : 1);
  return [...problems].sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
