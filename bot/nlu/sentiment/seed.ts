/** The shipped training messages: `label<TAB>text` lines, `#` comments; errors name the line. */
import type { SentimentLabel } from '../types.ts';
import { LABELS, type SentimentExample } from './model.ts';

export function parseSeedCorpus(text: string, source = 'support-seed.tsv'): SentimentExample[] {
  const examples: SentimentExample[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) return;
    const tab = line.indexOf('\t');
    const label = line.slice(0, tab);
    const message = line.slice(tab + 1).trim();
    if (tab < 0 || !LABELS.includes(label as SentimentLabel) || message === '') {
      throw new Error(`${source}:${i + 1}: expected "negative|neutral|positive<TAB>text", got ${JSON.stringify(line.slice(0, 60))}`);
    }
    examples.push({ text: message, label: label as SentimentLabel });
  });
  return examples;
}
