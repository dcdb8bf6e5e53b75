/**
 * Typo tolerance: a query term the index has never seen ("refnd") is matched against index terms one edit away
 * (insert, delete, substitute, or swap two neighbours: "refund"). Lookup uses symmetric deletes (the SymSpell idea):
 * every index term is filed under itself and each of its one-letter deletions, so a lookup is a handful of map gets
 * whatever the vocabulary size, which keeps query time flat at 100,000 articles.
 *
 * Only letter-only terms of at least MIN_LENGTH letters take part: short words and numbers (order ids, versions)
 * have too many neighbours one edit away to guess from.
 */

const MIN_LENGTH = 4;
const LETTERS = /^\p{L}+$/u;

export class TypoVocabulary {
  /** Deletion key → index terms filed under it (a string when only one, the common case, to save memory). */
  private readonly keys = new Map<string, string | string[]>();
  private readonly filed = new Set<string>();

  /** Files a term; terms that later leave the index stay filed and are dropped at lookup by `isLive`. */
  add(term: string): void {
    if (term.length < MIN_LENGTH || this.filed.has(term) || !LETTERS.test(term)) return;
    this.filed.add(term);
    for (const key of [term, ...deletions(term)]) {
      const current = this.keys.get(key);
      if (current === undefined) this.keys.set(key, term);
      else if (typeof current === 'string') this.keys.set(key, [current, term]);
      else current.push(term);
    }
  }

  /** Live index terms one edit from `term`, for a term not in the index itself. */
  corrections(term: string, isLive: (term: string) => boolean): string[] {
    if (term.length < MIN_LENGTH || !LETTERS.test(term)) return [];
    const found = new Set<string>();
    for (const key of [term, ...deletions(term)]) {
      const filedUnder = this.keys.get(key);
      if (filedUnder === undefined) continue;
      for (const candidate of typeof filedUnder === 'string' ? [filedUnder] : filedUnder) {
        if (candidate !== term && isLive(candidate) && withinOneEdit(term, candidate)) found.add(candidate);
      }
    }
    return [...found];
  }
}

function deletions(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) {
    const d = term.slice(0, i) + term.slice(i + 1);
    if (out[out.length - 1] !== d) out.push(d);
  }
  return out;
}

/** True when a and b differ by one insertion, deletion, substitution or adjacent transposition. */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
