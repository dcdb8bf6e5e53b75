/**
 * Loads the VADER lexicon (MIT, C.J. Hutto) from the `vader-sentiment` npm package, which ships it as
 * `vader_lexicon.txt`: `token<TAB>mean valence<TAB>std<TAB>raw ratings` per line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Lexicon } from './lexicon.ts';

export function parseVaderLexicon(text: string): Lexicon {
  const lexicon = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [token, valence] = line.split('\t');
    const value = Number(valence);
    // Later lines win, as in the Python original.
    if (token && Number.isFinite(value)) lexicon.set(token.toLowerCase(), value);
  }
  return lexicon;
}

export function loadVaderLexicon(): Lexicon {
  const path = createRequire(import.meta.url).resolve('vader-sentiment/vader_lexicon.txt');
  return parseVaderLexicon(readFileSync(path, 'utf8'));
}
