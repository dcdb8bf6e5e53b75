/**
 * Builds the customer chat widget: web/widget/main.ts → web/dist/widget.js (+ .map), one minified IIFE for
 * browsers. Prints one line with the raw and gzip sizes; exits non-zero with esbuild's messages on error.
 * Run with `npm run build:web` (also run by prestart and pretest).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'web/widget/main.ts');
const outfile = join(root, 'web/dist/widget.js');

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

async function main(): Promise<void> {
  const started = performance.now();
  try {
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      sourcemap: true,
      banner: { js: '/*! Support Hub chat widget. Bundles MIT-licensed botframework-directlinejs, rxjs, marked and zod. */' },
      logLevel: 'silent',
      plugins: [stubUnusedModules],
    });
  } catch (error) {
    // esbuild throws a BuildFailure whose message lists every error with file:line.
    console.error(`build-web: building ${relative(root, entry)} failed:\n${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  const code = readFileSync(outfile);
  const ms = Math.round(performance.now() - started);
  console.log(`build-web: ${relative(root, outfile)} ${kb(code.length)} (gzip ${kb(gzipSync(code).length)}) in ${ms} ms`);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

await main();
