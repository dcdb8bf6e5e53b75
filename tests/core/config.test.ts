import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { ConfigError, envSchema, loadConfig } from '../../core/config.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    const config = loadConfig({});

    it('listens on port 3978 on every interface', () => {
      expect(config.port).to.equal(3978);
      expect(config.host).to.equal('0.0.0.0');
    });

    it('keeps data in ./data with embedded PGlite (no database URL) in the public schema', () => {
      expect(config.dataDir).to.equal('./data');
      expect(config.database).to.deep.equal({ url: undefined, schema: 'public' });
      expect(config.redisUrl).to.equal(undefined);
    });

    it('logs JSON at info', () => {
      expect(config.log).to.deep.equal({ level: 'info', pretty: false });
    });

    it('runs the bot without Bot Framework auth and the widget on the local Direct Line', () => {
      expect(config.bot).to.include({ name: 'Support Bot', appId: undefined, appType: 'MultiTenant' });
      expect(config.directLine).to.include({ tokenSecret: undefined, secret: undefined, azure: undefined });
      expect(config.directLine.tokenTtlSeconds).to.equal(1800);
    });

    it('limits bodies to 256 KiB and does not trust proxy headers', () => {
      expect(config.http).to.deep.equal({ maxBodyBytes: 256 * 1024, shutdownTimeoutMs: 10_000, trustProxy: false });
    });
  });

  it('treats empty values as unset, as .env files write them', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', MicrosoftAppId: '' })).to.deep.equal(loadConfig({}));
  });

  it('parses numbers, booleans and URLs from their text', () => {
    const config = loadConfig({
      PORT: '8080',
      LOG_PRETTY: 'true',
      TRUST_PROXY: '1',
      DATABASE_URL: 'postgres://app@db:5432/support',
      PUBLIC_URL: 'https://support.example.com/',
    });
    expect(config.port).to.equal(8080);
    expect(config.log.pretty).to.equal(true);
    expect(config.http.trustProxy).to.equal(true);
    expect(config.database.url).to.equal('postgres://app@db:5432/support');
    expect(config.publicUrl).to.equal('https://support.example.com');
  });

  it('uses Azure Direct Line for the widget only when its secret is set', () => {
    const config = loadConfig({ AZURE_DIRECTLINE_SECRET: 'azure-secret' });
    expect(config.directLine.azure).to.deep.equal({
      secret: 'azure-secret',
      domain: 'https://directline.botframework.com/v3/directline',
    });
  });

  describe('rejects a wrong value with one line naming the variable and what it expects', () => {
    const cases: [env: Record<string, string>, variable: string, expects: RegExp][] = [
      [{ PORT: 'abc' }, 'PORT', /number/],
      [{ PORT: '70000' }, 'PORT', /65535/],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /"info"/],
      [{ LOG_PRETTY: 'yes' }, 'LOG_PRETTY', /"true"/],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL', /postgres/],
      [{ REDIS_URL: 'http://cache:6379' }, 'REDIS_URL', /redis/],
      [{ PUBLIC_URL: 'ftp://support.example.com' }, 'PUBLIC_URL', /https?/],
      [{ DATABASE_SCHEMA: 'Support-Hub' }, 'DATABASE_SCHEMA', /identifier/],
      [{ DIRECTLINE_TOKEN_SECRET: 'too-short' }, 'DIRECTLINE_TOKEN_SECRET', /32 characters/],
      [{ MicrosoftAppPassword: 'a-password' }, 'MicrosoftAppId', /required/],
    ];
    for (const [env, variable, expects] of cases) {
      it(`${Object.entries(env)[0]!.join('=')}`, () => {
        const message = configErrorOf(env).message;
        expect(message).not.to.include('\n');
        expect(message).to.include(variable);
        expect(message).to.match(expects);
      });
    }
  });

  describe('never echoes a secret in its error', () => {
    it('hides the value of a secret variable', () => {
      const message = configErrorOf({ DIRECTLINE_TOKEN_SECRET: 'short-but-secret' }).message;
      expect(message).to.include('DIRECTLINE_TOKEN_SECRET');
      expect(message).not.to.include('short-but-secret');
    });

    it('hides the password inside a rejected URL', () => {
      const message = configErrorOf({ DATABASE_URL: 'mysql://root:hunter2@db/support' }).message;
      expect(message).to.include('DATABASE_URL');
      expect(message).not.to.include('hunter2');
    });
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({ AZURE_DIRECTLINE_SECRET: 'azure-secret' });
    const unfrozen = objectsIn(config).filter(([, value]) => !Object.isFrozen(value));
    expect(unfrozen.map(([path]) => path)).to.deep.equal([]);
    expect(() => {
      (config.database as { schema: string }).schema = 'other';
    }).to.throw(TypeError);
  });
});

describe('main.ts', () => {
  it('exits with code 2 and one line on stderr naming PORT when PORT is wrong', async function () {
    this.timeout(60_000); // a cold tsx start on a busy machine
    const { code, stderr } = await run(process.execPath, ['--import', 'tsx', '--no-deprecation', 'main.ts'], {
      PATH: process.env.PATH ?? '',
      PORT: 'abc',
    });
    expect(code).to.equal(2);
    const lines = stderr.split('\n').filter((line) => line !== '');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include('PORT');
  });
});

describe('.env.example', () => {
  const documented = new Set(
    readFileSync(join(root, '.env.example'), 'utf8')
      .split('\n')
      .map((line) => /^(?:#\s?)?([A-Za-z_][A-Za-z0-9_]*)=/.exec(line)?.[1])
      .filter((key) => key !== undefined),
  );
  const keys = Object.keys(envSchema.shape);

  it('documents every variable the config reads', () => {
    expect(keys.filter((key) => !documented.has(key))).to.deep.equal([]);
  });

  it('documents no variable the config does not read', () => {
    expect([...documented].filter((key) => !keys.includes(key))).to.deep.equal([]);
  });

  it('shows each default the config applies', () => {
    const text = readFileSync(join(root, '.env.example'), 'utf8');
    const defaults = envSchema.parse({}) as Record<string, unknown>;
    const missing = Object.entries(defaults)
      .filter(([, value]) => value !== undefined)
      .filter(([key, value]) => !text.includes(`# ${key}=${String(value)}\n`))
      .map(([key, value]) => `${key}=${String(value)}`);
    expect(missing).to.deep.equal([]);
  });
});

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail(`expected ${JSON.stringify(env)} to be rejected`);
}

/** Every object inside `value` with its path, `value` itself included. */
function objectsIn(value: object, path = 'config'): [string, object][] {
  const nested = Object.entries(value).filter(
    (entry): entry is [string, object] => typeof entry[1] === 'object' && entry[1] !== null,
  );
  return [[path, value], ...nested.flatMap(([key, child]) => objectsIn(child, `${path}.${key}`))];
}

function run(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}
