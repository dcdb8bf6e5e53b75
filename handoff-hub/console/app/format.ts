/**
 * Pure helpers the console's views share: canned-response filling, durations, sentiment words and the sparkline's
 * geometry. No DOM here, so they are tested in Node.
 */

/**
 * `{customer.name}` and `{rep.name}` filled in, in one pass (a name that looks like a placeholder stays as it is);
 * without a customer name the placeholder and the comma before it go.
 */
export function fillCanned(text: string, names: { customer: string | null; rep: string }): string {
  const customer = names.customer?.trim();
  return text.replace(/(,?[ \t]*)\{(customer|rep)\.name\}/g, (_match, lead: string, who: string) => {
    if (who === 'rep') return `${lead}${names.rep}`;
    return customer ? `${lead}${customer}` : '';
  });
}

/** 75 → "1 min 15 s", 3700 → "1 h 1 min"; a negative or unknown value → "—". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const m = Math.floor(s / 60);
  return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export type Mood = 'negative' | 'neutral' | 'positive';

/** The trend (−1…1) in a word; the thresholds match the bot's summary ("negative" below −0.2). */
export function moodOf(trend: number): Mood {
  if (trend < -0.2) return 'negative';
  if (trend > 0.2) return 'positive';
  return 'neutral';
}

/** −0.42 → "−0.42", 0.3 → "+0.30": a signed figure readers do not mistake for a hyphenated word. */
export function signed(value: number): string {
  const fixed = Math.abs(value).toFixed(2);
  return value < 0 ? `−${fixed}` : `+${fixed}`;
}

export interface Sparkline {
  /** SVG polyline points, "x,y x,y …". */
  readonly points: string;
  /** Where the zero line runs. */
  readonly zeroY: number;
  /** The last point, for a dot. */
  readonly last: { readonly x: number; readonly y: number } | null;
}

/** Scores (−1…1) laid out left to right in a width × height box with `pad` inside; one point is drawn centred. */
export function sparkline(scores: readonly number[], width: number, height: number, pad = 3): Sparkline {
  const y = (score: number) => round(pad + ((1 - clamp(score)) / 2) * (height - 2 * pad));
  const step = scores.length > 1 ? (width - 2 * pad) / (scores.length - 1) : 0;
  const xy = scores.map((score, i) => ({ x: round(scores.length > 1 ? pad + i * step : width / 2), y: y(score) }));
  return { points: xy.map((p) => `${p.x},${p.y}`).join(' '), zeroY: y(0), last: xy.at(-1) ?? null };
}

const clamp = (score: number) => Math.max(-1, Math.min(1, score));
const round = (n: number) => Math.round(n * 10) / 10;

/** "14:05" in the rep's locale and time zone. */
export function clock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Only http(s) URLs become links: a `javascript:` or `data:` citation stays text. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null; // not a URL at all: shown as text
  }
}

/** The text a knowledge passage is inserted with: the passage, then its source. */
export function withCitation(text: string, citation: { title: string; url: string | null }): string {
  const url = safeHttpUrl(citation.url);
  return `${text.trim()}\n\nSource: ${citation.title}${url ? ` (${url})` : ''}`;
}

/** An error's message for the rep. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
