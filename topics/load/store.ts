import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Logger } from '../../core/logger.ts';
import { formatYamlIssue } from '../../core/yaml.ts';
import { SYSTEM_TOPICS } from '../schema.ts';
import { type Topic, TopicLibrary, type TopicProblem } from '../topic.ts';
import { checkTopics } from './check.ts';
import { type FileStamp, listTopicFiles, readTopicFile } from './read-files.ts';

export interface TopicStoreOptions {
  /** The makers' topics folder. */
  readonly dir: string;
  /** The shipped system topics, used for any system role the makers' folder does not define. */
  readonly shippedSystemDir: string;
  readonly log: Logger;
  /** How often the folder is checked for edits. */
  readonly pollMs?: number;
  /** Action names topics may call; others are reported. Unset: not checked. */
  readonly knownActions?: readonly string[];
}

export interface TopicStatus {
  readonly version: number;
  readonly loadedAt: string;
  readonly dir: string;
  readonly topics: readonly { id: string; name: string; file: string; system: string | null; triggers: number; enabled: boolean }[];
  /** `file:line:col path: message`, errors first. */
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * The topics in service, reloaded when the folder changes. A file that stops validating keeps its last valid
 * version in service (and its errors in `status()`), so a maker's half-finished edit never takes a topic away.
 */
export class TopicStore {
  #library = new TopicLibrary([]);
  #problems: TopicProblem[] = [];
  #version = 0;
  #loadedAt = new Date();
  #stamps = '';
  #seen = '';
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<boolean> | undefined;
  readonly #lastValid = new Map<string, Topic>();
  readonly #listeners: ((library: TopicLibrary) => void)[] = [];

  private constructor(private readonly o: TopicStoreOptions) {}

  static async open(o: TopicStoreOptions): Promise<TopicStore> {
    const store = new TopicStore(o);
    await store.reload({ settled: true });
    return store;
  }

  get library(): TopicLibrary {
    return this.#library;
  }

  get problems(): readonly TopicProblem[] {
    return this.#problems;
  }

  onChange(listener: (library: TopicLibrary) => void): void {
    this.#listeners.push(listener);
  }

  /** Starts checking the folder for edits every `pollMs` (polling works on every file system, mounts included). */
  watch(): void {
    this.#timer ??= setInterval(() => {
      this.reload().catch((error: unknown) => this.o.log.error({ err: error }, 'topic reload failed; the previous topics keep serving'));
    }, this.o.pollMs ?? 500);
    this.#timer.unref();
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Re-reads the folder if anything in it changed; resolves true when the topics in service changed. Unless
   * `settled`, a change is loaded only once two checks in a row see the same files, so a file caught half-written
   * by an editor is never put in service.
   */
  reload(options: { settled?: boolean } = {}): Promise<boolean> {
    // One reload at a time: a slow disk must not interleave two.
    this.#reloading ??= this.#reload(options.settled ?? false).finally(() => (this.#reloading = undefined));
    return this.#reloading;
  }

  async #reload(settled: boolean): Promise<boolean> {
    const makers = await listTopicFiles(resolve(this.o.dir));
    const shipped = inside(this.o.shippedSystemDir, this.o.dir) ? [] : await listTopicFiles(resolve(this.o.shippedSystemDir));
    const stamps = fingerprint([...makers, ...shipped]);
    const changing = stamps !== this.#seen;
    this.#seen = stamps;
    if (stamps === this.#stamps || (changing && !settled)) return false;
    this.#stamps = stamps;
    const problems: TopicProblem[] = [];
    const topics = await this.#readAll(makers, this.o.dir, problems);
    const roles = new Set(topics.map((t) => t.system));
    const defaults = await this.#readAll(shipped, this.o.shippedSystemDir, problems);
    topics.push(...defaults.filter((t) => t.system && !roles.has(t.system) && !topics.some((m) => m.id === t.id)));
    problems.push(...checkTopics(topics, this.o.knownActions ? { knownActions: this.o.knownActions } : {}));
    const missing = SYSTEM_TOPICS.filter((role) => !topics.some((t) => t.system === role));
    for (const role of missing) problems.push({ severity: 'error', file: this.o.dir, path: '', message: `no topic has system: ${role}` });
    this.#library = new TopicLibrary(topics);
    this.#problems = problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    this.#version++;
    this.#loadedAt = new Date();
    for (const p of this.#problems) this.o.log[p.severity === 'error' ? 'error' : 'warn']({ file: p.file }, `topic ${p.severity}: ${formatYamlIssue(p)}`);
    this.o.log.info({ topics: topics.length, version: this.#version, errors: this.status().errors.length }, 'topics loaded');
    for (const listener of this.#listeners) listener(this.#library);
    return true;
  }

  async #readAll(files: readonly FileStamp[], root: string, problems: TopicProblem[]): Promise<Topic[]> {
    const topics: Topic[] = [];
    for (const { path } of files) {
      const result = await readTopicFile(path, root).catch((error: unknown) => ({
        ok: false as const,
        problems: [{ severity: 'error' as const, file: path, path: '', message: `cannot read: ${(error as Error).message}` }],
      }));
      if (result.ok) {
        this.#lastValid.set(path, result.topic);
      } else {
        problems.push(...result.problems);
      }
      const topic = result.ok ? result.topic : this.#lastValid.get(path);
      if (!result.ok && topic) {
        problems.push({ severity: 'warning', file: topic.file, path: '', message: 'the last valid version of this file stays in service until the errors are fixed' });
      }
      if (!topic) continue;
      const clash = topics.find((t) => t.id === topic.id);
      if (clash) {
        problems.push({ severity: 'error', file: topic.file, path: '', message: `topic id '${topic.id}' is already used by ${clash.file}; this file is ignored` });
        continue;
      }
      topics.push(topic);
    }
    // Files that disappeared take their last valid version with them.
    for (const path of this.#lastValid.keys()) if (!files.some((f) => f.path === path) && inside(path, root)) this.#lastValid.delete(path);
    return topics;
  }

  status(): TopicStatus {
    return {
      version: this.#version,
      loadedAt: this.#loadedAt.toISOString(),
      dir: this.o.dir,
      topics: this.#library.topics.map((t) => ({
        id: t.id,
        name: t.name,
        file: t.file,
        system: t.system ?? null,
        triggers: t.triggers.length,
        enabled: t.enabled,
      })),
      errors: this.#problems.filter((p) => p.severity === 'error').map(formatYamlIssue),
      warnings: this.#problems.filter((p) => p.severity === 'warning').map(formatYamlIssue),
    };
  }
}

/** Whether `path` is `folder` or inside it (`/a/topics-shipped` is not inside `/a/topics`). */
function inside(path: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function fingerprint(stamps: readonly FileStamp[]): string {
  return stamps.map((s) => `${s.path}:${s.mtimeMs}:${s.size}`).join('|');
}
