import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** `npm start`'s entry point as a real process, so a test can kill it the way a crash would. */
export interface MainProcess {
  readonly url: string;
  /** Every JSON log line so far (pino writes one per line). */
  readonly lines: readonly Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  /** Sends a signal without waiting (a test may act while the process shuts down). */
  kill(signal: NodeJS.Signals): void;
  /** SIGKILL: no shutdown code runs, as when the machine or the container dies. */
  crash(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now, to give a process that must come back on the same one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts main.ts with `env` on top of this process's environment and waits for its "listening" line. */
export async function startMain(env: Record<string, string>, timeoutMs = 60_000): Promise<MainProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--no-deprecation', 'main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`main.ts did not listen within ${timeoutMs} ms`)), timeoutMs);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          lines.push(parsed);
          if (parsed.msg === 'listening') {
            clearTimeout(timer);
            resolve(String(parsed.url));
          }
        } catch {
          // pino writes only JSON; anything else (a stray warning) is not a log line
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`main.ts exited with ${code} before listening: ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
  const kill = (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
  };
  const signal = async (name: NodeJS.Signals) => {
    kill(name);
    await exited;
  };
  return { url, lines, exited, kill, crash: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}
