/**
 * Builds the browser code, each a minified IIFE with its source map:
 * - the customer chat widget: web/widget/main.ts → web/dist/widget.js;
 * - the rep console: handoff-hub/console/app/main.ts → handoff-hub/console/dist/console.js.
 * Prints one line per bundle with the raw and gzip sizes; exits non-zero with esbuild's messages on error.
 * Run with `npm run build:web` (also run by prestart and pretest).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Plugin } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Modules DirectLineJS imports that the widget does not need, replaced by stubs:
 * - its DirectLineStreaming re-export (Direct Line ASE over botframework-streaming; ~190 kB with the Buffer and
 *   fetch polyfills it pulls in), which the widget never uses;
 * - core-js's Promise polyfill (~28 kB): every es2020 browser has Promise, and a polyfill that may replace the host
 *   page's Promise is not something to ship inside an embedded widget.
 */
const STUBS: ReadonlyArray<{ filter: RegExp; contents: string }> = [
  {
    filter: /^\.\/directLineStreaming$/,
    contents: 'export class DirectLineStreaming { constructor() { throw new Error("DirectLineStreaming is not bundled"); } }',
  },
  { filter: /^core-js\/features\/promise$/, contents: '' },
];

const stubUnusedModules: Plugin = {
  name: 'stub-unused-modules',
  setup(b) {
    for (const [index, stub] of STUBS.entries()) {
      b.onResolve({ filter: stub.filter }, (args) =>
        args.importer.includes('botframework-directlinejs') ? { path: String(index), namespace: 'stub' } : undefined,
      );
    }
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({ contents: STUBS[Number(args.path)]?.contents ?? '', loader: 'js' }));
  },
};

const BUNDLES: ReadonlyArray<{ entry: string; outfile: string; options: BuildOptions }> = [
  {
    entry: 'web/widget/main.ts',
    outfile: 'web/dist/widget.js',
    options: {
      banner: { js: '/*! Support Hub chat widget. Bundles MIT-licensed botframework-directlinejs, rxjs, marked and zod. */' },
      plugins: [stubUnusedModules],
    },
  },
  {
    entry: 'handoff-hub/console/app/main.ts',
    outfile: 'handoff-hub/console/dist/console.js',
    options: {
      banner: { js: '/*! Support Hub rep console. Bundles MIT-licensed socket.io-client. */' },
      // Staff browsers are current ones: native class fields and private methods keep the bundle small.
      target: 'es2022',
    },
  },
];

async function bundle(b: (typeof BUNDLES)[number]): Promise<boolean> {
  const started = performance.now();
  const outfile = join(root, b.outfile);
  try {
    await build({
      entryPoints: [join(root, b.entry)],
      outfile,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      sourcemap: true,
      logLevel: 'silent',
      ...b.options,
    });
  } catch (error) {
    // esbuild throws a BuildFailure whose message lists every error with file:line.
    console.error(`build-web: building ${b.entry} failed:\n${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  const code = readFileSync(outfile);
  const ms = Math.round(performance.now() - started);
  console.log(`build-web: ${relative(root, outfile)} ${kb(code.length)} (gzip ${kb(gzipSync(code).length)}) in ${ms} ms`);
  return true;
}

async function main(): Promise<void> {
  const built = await Promise.all(BUNDLES.map(bundle));
  if (built.includes(false)) process.exitCode = 1;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

await main();
