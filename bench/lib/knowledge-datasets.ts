/**
 * FAQ retrieval test collections, read from ../shared/datasets at bench time (never copied into the project):
 * StackFAQ (Karan & Šnajder 2018) and CovidFAQ (Poliak et al. 2020, BERT-FAQ subset), plus CLINC150's out-of-scope
 * questions as off-topic traffic. See shared/docs/research/datasets.md §3.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexEntry } from '../../knowledge/index/index.ts';

export interface FaqItem {
  readonly id: string;
  readonly question: string;
  /** Answers of the item (one for CovidFAQ; all of a StackFAQ thread's). */
  readonly answers: readonly string[];
}

export interface FaqQuery {
  readonly text: string;
  /** Ids of the FaqItems that answer it. */
  readonly relevant: ReadonlySet<string>;
}

export interface FaqCollection {
  readonly name: string;
  readonly items: readonly FaqItem[];
  readonly queries: readonly FaqQuery[];
}

/** How an FAQ item is indexed: one passage, question in the question field, answers joined as the body. */
export function faqEntries(item: FaqItem): IndexEntry[] {
  return [
    {
      passageId: `${item.id}#0`,
      documentId: item.id,
      // FAQ passages carry their question in `question`; these items have no document title beyond it.
      title: '',
      question: item.question,
      headings: [],
      text: item.answers.join('\n\n'),
      audience: 'external',
    },
  ];
}

interface StackQaPair {
  readonly question: string;
  readonly answer: string | readonly string[];
  readonly rephr: string | readonly string[];
}

export async function loadStackFaq(datasetsDir: string): Promise<FaqCollection> {
  const raw = JSON.parse(await readFile(join(datasetsDir, 'stackfaq/stackExchange-FAQ.json'), 'utf8')) as {
    root: { qapair: StackQaPair[] };
  };
  const items: FaqItem[] = [];
  const queries: FaqQuery[] = [];
  raw.root.qapair.forEach((pair, i) => {
    const id = `thread-${i}`;
    items.push({ id, question: pair.question, answers: [pair.answer].flat() });
    for (const text of [pair.rephr].flat()) {
      // `*` and empty entries are placeholders in the release, not queries.
      if (text && text.trim() !== '*' && text.trim() !== '') queries.push({ text, relevant: new Set([id]) });
    }
  });
  return { name: 'stackfaq', items, queries };
}

interface CovidRow {
  readonly query_type: 'faq' | 'user_query';
  readonly question: string;
  readonly answer: string;
  readonly id: string;
}

/**
 * CovidFAQ: the 68 `faq` rows are the items; each distinct user question is one query whose relevant items are the
 * FAQs with an answer it was paired with (230 questions have several; two FAQs share one answer).
 */
export async function loadCovidFaq(datasetsDir: string): Promise<FaqCollection> {
  const rows = JSON.parse(await readFile(join(datasetsDir, 'covidfaq/query_answer_pairs.json'), 'utf8')) as CovidRow[];
  const faqs = rows.filter((r) => r.query_type === 'faq');
  const itemsByAnswer = new Map<string, string[]>();
  for (const faq of faqs) itemsByAnswer.set(faq.answer, [...(itemsByAnswer.get(faq.answer) ?? []), `faq-${faq.id}`]);
  const relevant = new Map<string, Set<string>>();
  for (const row of rows.filter((r) => r.query_type === 'user_query')) {
    const key = row.question.trim();
    const set = relevant.get(key) ?? new Set<string>();
    for (const id of itemsByAnswer.get(row.answer) ?? []) set.add(id);
    relevant.set(key, set);
  }
  return {
    name: 'covidfaq',
    items: faqs.map((f) => ({ id: `faq-${f.id}`, question: f.question, answers: [f.answer] })),
    queries: [...relevant].filter(([, set]) => set.size > 0).map(([text, set]) => ({ text, relevant: set })),
  };
}

/** CLINC150 out-of-scope questions ("how do i get a new passport"): traffic the knowledge base should refuse. */
export async function loadOffTopic(datasetsDir: string, split: 'oos_train' | 'oos_val' | 'oos_test'): Promise<string[]> {
  const data = JSON.parse(await readFile(join(datasetsDir, 'clinc150/data_full.json'), 'utf8')) as Record<string, [string, string][]>;
  return (data[split] ?? []).map(([text]) => text);
}
