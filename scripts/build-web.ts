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
 * DirectLineJS re-exports DirectLineStreaming (Direct Line ASE over botframework-streaming), which the widget never
 * uses and which would add ~190 kB (streaming, Buffer and fetch polyfills). Replace that one module with a stub.
 */
const withoutDirectLineStreaming: Plugin = {
  name: 'without-directline-streaming',
  setup(b) {
    b.onResolve({ filter: /^\.\/directLineStreaming$/ }, (args) =>
      args.importer.includes('botframework-directlinejs') ? { path: 'directLineStreaming', namespace: 'stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export class DirectLineStreaming { constructor() { throw new Error("DirectLineStreaming is not bundled"); } }',
      loader: 'js',
    }));
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
      legalComments: 'linked',
      logLevel: 'silent',
      plugins: [withoutDirectLineStreaming],
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
