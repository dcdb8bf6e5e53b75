import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { decodeWordVectors, type WordVectors } from './word-vectors.ts';

/** The shipped vectors: GloVe 6B 100-d (PDDL), the 50,000 most frequent words, built by scripts/build-word-vectors.ts. */
export const SHIPPED_WORD_VECTORS = fileURLToPath(new URL('./vectors/glove-100d-50k.wvec', import.meta.url));

/** Reads and decodes a word-vector file; errors name the file. */
export async function loadWordVectors(path: string = SHIPPED_WORD_VECTORS): Promise<WordVectors> {
  const bytes = await readFile(path);
  try {
    return decodeWordVectors(bytes);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}
