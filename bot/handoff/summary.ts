import { type EscalationReason, REASON_TEXT } from '../../core/handoff/index.ts';



export interface SummaryInput {
  readonly reason: EscalationReason;
  /** Topic display names in the order they ran. */
  readonly topics: readonly string[];
  /** The customer's messages, oldest first. */
  readonly phrases: readonly string[];
  readonly entities: readonly { readonly type: string; readonly text: string }[];
  readonly sentiment: { readonly trend: number; readonly signals: readonly string[] } | undefined;
}

/**
 * An extractive summary of the bot part of the conversation: why it came to a person, what it was about, what the
 * customer said last and what the bot noted. Written from data only, so it never invents anything.
 */
export function summarise(o: SummaryInput): string {
  const lines = [REASON_TEXT[o.reason]];
  if (o.topics.length > 0) lines.push(`Topics: ${o.topics.join(' → ')}.`);
  const said = o.phrases.slice(-3).map((p) => `“${clip(p, 200)}”`);
  if (said.length > 0) lines.push(`The customer said: ${said.join(' · ')}`);
  const noted = [...new Map(o.entities.map((e) => [`${e.type}:${e.text}`, `${e.type.replace(/_/g, ' ')} ${e.text}`])).values()].slice(0, 6);
  if (noted.length > 0) lines.push(`Noted: ${noted.join(', ')}.`);
  if (o.sentiment && (o.sentiment.trend < -0.2 || o.sentiment.signals.length > 0)) {
    const mood = o.sentiment.trend < -0.4 ? 'negative' : o.sentiment.trend < -0.2 ? 'somewhat negative' : 'mixed';
    const signals = o.sentiment.signals.length > 0 ? ` (${o.sentiment.signals.join(', ')})` : '';
    lines.push(`Sentiment: ${mood}${signals}.`);
  }
  return lines.join('\n');
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
