/**
 * `npm run bench:nlu`: intent (CLINC150, BANKING77) and sentiment (airline, VADER ground truth) on public datasets
 * read from ../shared/datasets. Progress on stderr; one JSON object as the last line of stdout.
 * `--train file.csv --test file.csv` (text,label rows; label `oos` = out of scope) benchmarks your own intents.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runIntentBench } from './lib/nlu-intent.ts';
import { runSentimentBench } from './lib/nlu-sentiment.ts';

const { values } = parseArgs({
  options: {
    train: { type: 'string' },
    test: { type: 'string' },
    datasets: { type: 'string', default: resolve(import.meta.dirname, '../../shared/datasets') },
  },
});

const started = Date.now();
const custom = values.train !== undefined || values.test !== undefined;
if (custom && !(values.train && values.test)) {
  process.stderr.write('bench:nlu: --train and --test go together\n');
  process.exit(2);
}
process.stderr.write(`bench:nlu: datasets from ${values.datasets}\n`);
const intent = await runIntentBench({ datasetsDir: values.datasets, train: values.train, test: values.test });
const sentiment = custom ? {} : await runSentimentBench({ datasetsDir: values.datasets });
const result = {
  bench: 'nlu',
  ...intent,
  ...sentiment,
  seconds: Math.round((Date.now() - started) / 100) / 10,
  node: process.version,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
