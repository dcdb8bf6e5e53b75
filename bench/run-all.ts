/**
 * Runs every bench/*.ts except this file, one after another, each in its own Node process (the same way
 * `npm run bench:<name>` does). Their stderr passes through; the last line of each one's stdout must be its JSON
 * result. Prints one combined JSON object, keyed by bench name, as the last line of stdout.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = basename(fileURLToPath(import.meta.url));
const root = dirname(here);

const benches = readdirSync(here, { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && e.name !== self)
  .map((e) => e.name)
  .sort();

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
}

function runBench(file: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--no-deprecation', join(here, file)], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout }));
  });
}

const lastJsonLine = (stdout: string): unknown => {
  const line = stdout.trimEnd().split('\n').at(-1)?.trim() ?? '';
  return JSON.parse(line) as unknown;
};

const combined: Record<string, unknown> = {};
let failed = 0;
for (const file of benches) {
  const name = file.replace(/\.ts$/, '');
  process.stderr.write(`[bench] ${name} …\n`);
  const started = performance.now();
  const outcome = await runBench(file);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  let result: unknown;
  try {
    result = lastJsonLine(outcome.stdout);
  } catch {
    result = undefined;
  }
  if (outcome.code !== 0 || result === undefined) {
    failed++;
    const why = outcome.signal ? `killed by ${outcome.signal}` : `exit code ${outcome.code}`;
    combined[name] = { error: result === undefined ? `${why}; no JSON on the last line of stdout` : why, seconds };
    process.stderr.write(`[bench] ${name} failed (${why}) after ${seconds} s\n`);
  } else {
    combined[name] = result;
    process.stderr.write(`[bench] ${name} done in ${seconds} s\n`);
  }
}
process.stdout.write(`${JSON.stringify(combined)}\n`);
if (failed > 0) process.exitCode = 1;
