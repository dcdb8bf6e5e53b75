/**
 * Checks a topics folder the way the bot loads it, for makers and CI: `npm run topics:validate [-- DIR]
 * [--actions name,name]`. DIR defaults to $TOPICS_DIR, else topics/demo. Prints one line per problem,
 * `error   file:line:col path: message` (errors first, then warnings), then `N topics, N errors, N warnings`.
 * Exit code: 1 when there are errors, 0 otherwise, 2 when the folder is missing or the arguments are wrong.
 * Action names are checked against the actions topics/actions ships, or against `--actions` when given (for a
 * deployment that registers more).
 */
import { formatYamlIssue } from '../core/yaml.ts';
import { shippedActions } from '../topics/actions/index.ts';
import { TopicsDirError, validateTopicsDir } from '../topics/load/validate.ts';

const USAGE = 'usage: topics-validate [DIR] [--actions name,name]';

interface Args {
  readonly dir: string;
  readonly knownActions?: readonly string[];
}

function parseArgs(argv: readonly string[]): Args | string {
  let dir: string | undefined;
  let knownActions: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--actions' || arg.startsWith('--actions=')) {
      const list = arg === '--actions' ? argv[++i] : arg.slice('--actions='.length);
      if (list === undefined) return '--actions needs a comma-separated list of action names';
      knownActions = list.split(',').map((a) => a.trim()).filter(Boolean);
    } else if (arg === '--help' || arg === '-h') {
      return USAGE;
    } else if (arg.startsWith('-')) {
      return `unknown option ${arg}; ${USAGE}`;
    } else if (dir === undefined) {
      dir = arg;
    } else {
      return `only one folder at a time; ${USAGE}`;
    }
  }
  // A tool run by hand, not the app: it reads its one setting here rather than through main.ts's config.
  return { dir: dir ?? (process.env.TOPICS_DIR || 'topics/demo'), knownActions: knownActions ?? shippedActionNames() };
}

/** The names of the actions the product ships (built only to read their names, never run). */
function shippedActionNames(): string[] {
  return shippedActions({ orderApiUrl: 'http://unused.invalid', timeoutMs: 1 }).names();
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  try {
    const { files, problems } = await validateTopicsDir(args.dir, args);
    for (const p of problems) console.log(`${p.severity.padEnd(7)} ${formatYamlIssue(p)}`);
    const errors = problems.filter((p) => p.severity === 'error').length;
    console.log(`${files} topics, ${errors} errors, ${problems.length - errors} warnings`);
    return errors > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof TopicsDirError)) throw error;
    console.error(`topics-validate: ${error.message}`);
    return 2;
  }
}

process.exitCode = await main();
