/**
 * Synonyms: groups of words or phrases that mean the same to our customers ("refund, money back, reimbursement").
 *
 * File format (UTF-8 text), one group per line:
 *
 *     # comments start with a hash; blank lines are ignored
 *     refund, money back, reimbursement
 *     cancel, terminate, close account
 *
 * Phrases are separated by commas and matched after the same analysis as articles (case, stemming: "refunds" matches
 * "refund"), so a phrase may be several words ("money back") and matches only those words in that order. Groups are
 * equivalences, not one-way rewrites. A group needs two phrases; a phrase may sit in only one group.
 *
 * How they are used: every occurrence of a phrase, in an article or a question, also adds a group term shared by the
 * whole group, so "money back" in a question finds an article that only says "refund", with that group term's own
 * idf, and without rewriting the words that were actually typed.
 */
export interface Synonyms {
  readonly groups: readonly (readonly string[])[];
}

export function parseSynonyms(text: string): Synonyms {
  const groups: string[][] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const phrases = [...new Set(line.split(',').map((p) => p.trim().toLowerCase().replace(/\s+/g, ' ')))].filter((p) => p);
    if (phrases.length < 2) throw new Error(`synonyms line ${lineNo}: a group needs at least two phrases ("refund, money back")`);
    for (const phrase of phrases) {
      const other = seen.get(phrase);
      if (other !== undefined) throw new Error(`synonyms line ${lineNo}: "${phrase}" is already in the group on line ${other}`);
      seen.set(phrase, lineNo);
    }
    groups.push(phrases);
  });
  return Object.freeze({ groups: Object.freeze(groups.map((g) => Object.freeze(g))) });
}

/** Where a group's phrase occurs in a term sequence: terms [start, end). */
export interface SynonymMatch {
  readonly term: string;
  readonly start: number;
  readonly end: number;
}

/** Synonym groups compiled against the index's analysis, so phrases are matched as stemmed term sequences. */
export class SynonymMatcher {
  /** First term of a phrase → the phrases starting with it, longest first. */
  private readonly byFirst = new Map<string, { terms: readonly string[]; group: string }[]>();

  constructor(synonyms: Synonyms | undefined, termsOf: (phrase: string) => readonly string[]) {
    synonyms?.groups.forEach((group, i) => {
      for (const phrase of group) {
        const terms = termsOf(phrase);
        const first = terms[0];
        // A phrase made only of function words ("it") cannot be matched against index terms.
        if (first === undefined) continue;
        const list = this.byFirst.get(first) ?? [];
        list.push({ terms, group: `~syn${i}` });
        list.sort((a, b) => b.terms.length - a.terms.length);
        this.byFirst.set(first, list);
      }
    });
  }

  get empty(): boolean {
    return this.byFirst.size === 0;
  }

  /** Phrase occurrences, scanning left to right; at each position the longest phrase wins. */
  match(terms: readonly string[]): SynonymMatch[] {
    const found: SynonymMatch[] = [];
    if (this.byFirst.size === 0) return found;
    for (let i = 0; i < terms.length; i++) {
      const candidates = this.byFirst.get(terms[i]!);
      if (!candidates) continue;
      const hit = candidates.find((c) => c.terms.every((t, k) => terms[i + k] === t));
      if (hit) found.push({ term: hit.group, start: i, end: i + hit.terms.length });
    }
    return found;
  }
}
