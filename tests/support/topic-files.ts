import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Topic folders written to temporary directories for the loader, checker and CLI tests. Call `cleanup()` in an
 * `after` hook; every folder made through one instance goes with it.
 */
export class TopicFolders {
  readonly #made: string[] = [];

  /** Writes `files` (relative path → YAML text) into a fresh folder and returns its path. */
  async write(files: Readonly<Record<string, string | Buffer>>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'topics-test-'));
    this.#made.push(dir);
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    return dir;
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.#made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/**
 * YAML written inline in a test, indented to match the code: the common indentation is removed, as are the
 * first and last line when blank.
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = String.raw({ raw: strings }, ...values);
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return `${lines.map((l) => l.slice(indent)).join('\n')}\n`;
}
