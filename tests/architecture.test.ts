/**
 * The layering of ARCHITECTURE.md, checked on the import statements of every source file:
 * `core ← knowledge, cases ← topics ← bot` and `core ← cases ← handoff-hub`; only the composition root (app.ts,
 * main.ts) wires everything together and reads the environment; a folder uses another only through its public
 * surface.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What each top-level folder may import besides itself. A new folder must be added here to pass. */
const mayImport: Record<string, readonly string[]> = {
  core: [],
  knowledge: ['core'],
  cases: ['core'],
  topics: ['core', 'knowledge', 'cases'],
  'handoff-hub': ['core', 'cases'],
  bot: ['core', 'knowledge', 'cases', 'topics'],
  // The widget and console: browser code plus the routes serving it.
  web: ['core'],
};
const compositionRoot = ['app.ts', 'main.ts'];

/** Not application code: tooling and tests may reach anywhere. */
const skippedTopLevel = new Set(['node_modules', 'tests', 'bench', 'scripts']);
const skippedAnywhere = new Set(['node_modules', 'dist']);

interface SourceFile {
  /** Relative to the repository root, with forward slashes: `bot/directline/store.ts`. */
  readonly path: string;
  /** Code with comments removed. */
  readonly code: string;
  /** Relative imports resolved to repository paths; packages are left out. */
  readonly imports: readonly string[];
}

const files = sourceFiles();
const topOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : '');
const isCompositionRoot = (path: string) => compositionRoot.includes(path);

/**
 * A folder's public surface: its `index.ts`. For core, whose parts are used one by one (config, logger), also any
 * file directly under `core/` and the `index.ts` of each of its subfolders (`core/storage/index.ts`).
 */
function isPublic(target: string): boolean {
  const [top, ...rest] = target.split('/');
  if (rest.length === 1) return rest[0] === 'index.ts' || top === 'core';
  return top === 'core' && rest.length === 2 && rest[1] === 'index.ts';
}

describe('Architecture', () => {
  it('finds the source files it checks', () => {
    expect(files.map((f) => f.path)).to.include.members(['main.ts', 'app.ts', 'core/config.ts']);
  });

  it('places every source file in a folder whose layer is declared, or in the composition root', () => {
    expectNone(
      'files outside the declared layers',
      files
        .filter((f) => !isCompositionRoot(f.path) && !(topOf(f.path) in mayImport))
        .map((f) => `${f.path}: is in no declared layer (add its folder to mayImport)`),
    );
  });

  for (const [folder, allowed] of Object.entries(mayImport)) {
    const rule =
      allowed.length === 0 ? `${folder} imports nothing from other folders` : `${folder} imports only ${allowed.join(', ')}`;
    it(rule, () => {
      expectNone(
        rule,
        importsOf(files.filter((f) => topOf(f.path) === folder))
          .filter(({ target }) => topOf(target) !== folder && !allowed.includes(topOf(target)))
          .map(show),
      );
    });
  }

  it('lets nothing but main.ts import the composition root', () => {
    expectNone(
      'imports of the composition root',
      importsOf(files)
        .filter(({ file, target }) => isCompositionRoot(target) && !(file.path === 'main.ts' && target === 'app.ts'))
        .map(show),
    );
  });

  it("never reaches into another folder's internals: only its index.ts (core: its files and its subfolders' index.ts)", () => {
    expectNone(
      'imports past a public surface',
      importsOf(files.filter((f) => !isCompositionRoot(f.path)))
        .filter(({ file, target }) => topOf(target) !== topOf(file.path) && !isPublic(target))
        .map(show),
    );
  });

  it("builds the composition root from each folder's public surface too", () => {
    expectNone(
      'composition root imports past a public surface',
      importsOf(files.filter((f) => isCompositionRoot(f.path)))
        .filter(({ target }) => !isCompositionRoot(target) && !isPublic(target))
        .map(show),
    );
  });

  it('reads process.env only in main.ts', () => {
    const readsEnv = /\bprocess\s*(?:\.\s*env\b|\[\s*['"]env['"]\s*\])|\{[^}]*\benv\b[^}]*\}\s*from\s*['"](?:node:)?process['"]/;
    expectNone(
      'process.env outside main.ts',
      files.filter((f) => f.path !== 'main.ts' && readsEnv.test(f.code)).map((f) => `${f.path}: reads process.env`),
    );
  });
});

interface Import {
  readonly file: SourceFile;
  readonly target: string;
}

function importsOf(of: readonly SourceFile[]): Import[] {
  return of.flatMap((file) => file.imports.map((target) => ({ file, target })));
}

const show = ({ file, target }: Import) => `${file.path}: imports ${target}`;

function expectNone(rule: string, violations: readonly string[]): void {
  if (violations.length > 0) expect.fail(`${rule}:\n  ${violations.join('\n  ')}`);
}

function sourceFiles(): SourceFile[] {
  const found: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        const skipped = entry.name.startsWith('.') || skippedAnywhere.has(entry.name) || (!dir && skippedTopLevel.has(entry.name));
        if (!skipped) walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const code = withoutComments(readFileSync(join(root, path), 'utf8'));
        found.push({ path, code, imports: importSpecifiers(code).filter(isRelative).map((s) => resolveFrom(path, s)) });
      }
    }
  };
  walk('');
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`, type-only ones included. */
function importSpecifiers(code: string): string[] {
  const pattern =
    /^\s*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;
  return [...code.matchAll(pattern)].map((m) => (m[1] ?? m[2] ?? m[3])!);
}

/** Whole-line `//` comments and block comments that begin a line (JSDoc): enough to ignore imports in prose. */
function withoutComments(text: string): string {
  return text.replace(/^\s*\/\*[\s\S]*?\*\//gm, '').replace(/^\s*\/\/.*$/gm, '');
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

function resolveFrom(file: string, specifier: string): string {
  return posix.normalize(posix.join(posix.dirname(file), specifier));
}
