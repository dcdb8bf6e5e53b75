/**
 * The knowledge index: passages in, ranked passages with a confidence out. Lexical BM25F over stemmed terms (with
 * synonyms and typo tolerance) finds what shares the customer's words; word vectors find what means the same in other
 * words; the two are fused per candidate. Documents are upserted and removed one at a time, in place.
 */
import type { WordVectors } from '../../core/text/index.ts';
import { analyze, MAX_FIELD_CHARS, MAX_QUERY_CHARS } from './analyzer.ts';
import { EntryTable, type IndexEntry, type SearchFilter } from './entry-table.ts';
import { Accumulator, Postings, topSlots } from './postings.ts';
import { buildQuery } from './query.ts';
import { confidence, DEFAULT_RANKING, rankScore, type RankingOptions } from './ranking.ts';
import { SentenceEncoder } from './semantic.ts';
import { SynonymMatcher, type Synonyms } from './synonyms.ts';
import { TypoVocabulary } from './typos.ts';
import { VectorStore } from './vector-store.ts';

export interface SearchHit {
  readonly passageId: string;
  readonly documentId: string;
  /** Rank score: orders hits of one query; not comparable across queries. */
  readonly score: number;
  /** 0..1, comparable across queries: compare with DEFAULT_ANSWER_THRESHOLD to decide whether to answer. */
  readonly confidence: number;
}

export interface SearchOptions {
  /** Default 10. */
  readonly limit?: number;
  readonly filter?: SearchFilter;
}

export interface KnowledgeIndexOptions {
  /** Enables semantic matching (the shipped GloVe vectors: loadWordVectors()). */
  readonly wordVectors?: WordVectors;
  readonly synonyms?: Synonyms;
  /** Overrides of DEFAULT_RANKING, for benchmarks and ablations. */
  readonly ranking?: Partial<RankingOptions>;
}

export class KnowledgeIndex {
  private readonly ranking: RankingOptions;
  private readonly table = new EntryTable();
  private readonly postings: Postings;
  private readonly synonyms: SynonymMatcher;
  private readonly typos: TypoVocabulary | undefined;
  private readonly encoder: SentenceEncoder | undefined;
  private readonly vectors: VectorStore | undefined;
  private readonly acc = new Accumulator();

  constructor(options: KnowledgeIndexOptions = {}) {
    this.ranking = { ...DEFAULT_RANKING, ...options.ranking };
    this.postings = new Postings(this.ranking.bm25f);
    const stemming = this.ranking.stemming;
    this.synonyms = new SynonymMatcher(options.synonyms, (phrase) => analyze(phrase, { maxChars: MAX_QUERY_CHARS, stemming }).terms);
    this.typos = this.ranking.typos ? new TypoVocabulary() : undefined;
    if (options.wordVectors && this.ranking.semanticWeight > 0) {
      this.encoder = new SentenceEncoder(options.wordVectors);
      this.vectors = new VectorStore(options.wordVectors.dimensions);
    }
  }

  /** Passages indexed. */
  get size(): number {
    return this.table.size;
  }

  /** Replaces every entry of the document with these (none: the document is removed). */
  upsert(documentId: string, entries: readonly IndexEntry[]): void {
    this.remove(documentId);
    for (const entry of entries) {
      if (entry.documentId !== documentId) throw new Error(`upsert ${documentId}: entry ${entry.passageId} belongs to ${entry.documentId}`);
      this.add(entry);
    }
  }

  remove(documentId: string): void {
    for (const slot of this.table.removeDocument(documentId)) {
      this.postings.remove(slot);
      this.vectors?.delete(slot);
    }
  }

  search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(0, Math.floor(options.limit ?? 10));
    if (this.size === 0 || limit === 0) return [];
    // Unlike articles, the question's synonym phrases are matched in buildQuery, where they join its words' concepts.
    const { words, terms } = analyze(query, { maxChars: MAX_QUERY_CHARS, stemming: this.ranking.stemming });
    const accept = this.table.acceptor(options.filter);
    const lexical = buildQuery(terms, { postings: this.postings, synonyms: this.synonyms, typos: this.typos, typoWeight: this.ranking.typoWeight });
    const acc = this.acc;
    try {
      const ceiling = this.postings.score(lexical, accept, acc);
      const candidates = new Set(topSlots(acc.touched, acc.scores, this.ranking.candidates));
      const queryVector = this.encoder?.encode([{ words, weight: 1 }]);
      if (queryVector && this.vectors) {
        for (const n of this.vectors.nearest(queryVector, this.ranking.candidates, accept)) candidates.add(n.slot);
      }
      const withVectors = this.encoder !== undefined;
      const hits = [...candidates].map((slot) => {
        const bm25 = acc.scores[slot]!;
        const evidence = {
          lexical: ceiling > 0 ? bm25 / ceiling : 0,
          cosine: queryVector && this.vectors ? this.vectors.similarity(slot, queryVector) : 0,
        };
        return {
          passageId: this.table.passageId(slot),
          documentId: this.table.documentId(slot),
          score: rankScore(evidence, withVectors ? this.ranking.semanticWeight : 0),
          confidence: confidence(evidence, withVectors),
        };
      });
      return hits.filter((h) => h.score > 0).sort((a, b) => b.score - a.score || (a.passageId < b.passageId ? -1 : 1)).slice(0, limit);
    } finally {
      acc.clear();
    }
  }

  private add(entry: IndexEntry): void {
    const slot = this.table.add(entry);
    const fields = [entry.title, entry.question ?? '', entry.headings.join(' \n '), entry.text].map((text) =>
      this.analyze(text, MAX_FIELD_CHARS),
    );
    for (const term of this.postings.add(slot, fields.map((f) => f.terms))) this.typos?.add(term);
    if (this.encoder && this.vectors) {
      const headWords = [...fields[0]!.words, ...fields[1]!.words, ...fields[2]!.words];
      const vector = this.encoder.encode([
        { words: headWords, weight: this.ranking.headVectorWeight },
        { words: fields[3]!.words, weight: 1 },
      ]);
      if (vector) this.vectors.set(slot, vector);
    }
  }

  /** Analysis plus synonym group terms, appended so phrase matches add to (never replace) the words typed. */
  private analyze(text: string, maxChars: number): { words: readonly string[]; terms: readonly string[] } {
    const analyzed = analyze(text, { maxChars, stemming: this.ranking.stemming });
    if (this.synonyms.empty) return analyzed;
    const groups = this.synonyms.match(analyzed.terms).map((m) => m.term);
    return groups.length === 0 ? analyzed : { words: analyzed.words, terms: [...analyzed.terms, ...groups] };
  }
}
