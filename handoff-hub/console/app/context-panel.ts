import type { HandoffContext } from '../../../core/handoff/index.ts';
import { h, svg } from './dom.ts';
import { clock, moodOf, signed, sparkline } from './format.ts';
import { reasonText } from './reasons.ts';

/**
 * What the bot handed over, for the rep to read before typing: the reason in plain words, the top intent, the
 * sentiment trend (a small chart), the bot's private note, the summary, the customer's profile, entities and variables.
 */
export function contextPanel(c: HandoffContext): HTMLElement {
  const intent = c.intents[0];
  return h(
    'div',
    { class: 'context' },
    section('Why a person', h('p', { class: 'reason' }, reasonText(c.reason))),
    c.va_AgentMessage ? section('Note from the bot', h('p', { class: 'agent-message' }, c.va_AgentMessage)) : null,
    section('Top intent', intent ? h('p', {}, h('span', { class: 'intent' }, intent.intent), ` (${Math.round(intent.confidence * 100)} %)`) : h('p', { class: 'muted' }, 'None recognised')),
    section('Sentiment', sentimentView(c.sentiment)),
    c.summary ? section('Summary', h('p', { class: 'summary' }, c.summary)) : null,
    section('Customer', customerView(c.customer)),
    c.entities.length > 0 ? section('Entities', definitions(c.entities.map((e) => [e.type.replace(/_/g, ' '), e.text]))) : null,
    c.va_Topics.length > 0 ? section('Topics', h('p', {}, c.va_Topics.join(' → '))) : null,
    Object.keys(c.variables).length > 0
      ? h('details', { class: 'ctx-section' }, h('summary', {}, 'Variables'), definitions(Object.entries(c.variables).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])))
      : null,
  );
}

function section(title: string, ...body: (Node | null)[]): HTMLElement {
  return h('section', { class: 'ctx-section' }, h('h3', {}, title), ...body);
}

function definitions(pairs: readonly (readonly [string, string])[]): HTMLElement {
  const dl = h('dl', { class: 'pairs' });
  for (const [term, value] of pairs) dl.append(h('dt', {}, term), h('dd', {}, value));
  return dl;
}

function customerView(customer: HandoffContext['customer']): HTMLElement {
  return definitions([
    ['Name', customer.name ?? 'Not given'],
    ['Email', customer.email ?? 'Not given'],
    ['Phone', customer.phone ?? 'Not given'],
  ]);
}

const CHART = { width: 220, height: 48 };

/** The trend in words and figures, and the per-message series as an inline SVG line above and below a zero line. */
function sentimentView(s: HandoffContext['sentiment']): HTMLElement {
  const mood = moodOf(s.trend);
  const words = h('p', {}, h('span', { class: `mood mood-${mood}` }, mood), ` trend ${signed(s.trend)}`, s.signals.length > 0 ? ` · ${s.signals.join(', ')}` : '');
  if (s.series.length === 0) return h('div', { class: 'sentiment' }, words, h('p', { class: 'muted' }, 'No messages scored.'));
  const line = sparkline(s.series.map((p) => p.score), CHART.width, CHART.height);
  const first = s.series[0]!;
  const last = s.series.at(-1)!;
  const description = `Sentiment of ${s.series.length} customer messages from ${clock(first.at)} to ${clock(last.at)}: first ${first.label} (${signed(first.score)}), last ${last.label} (${signed(last.score)}).`;
  const chart = svg(
    'svg',
    { class: `sparkline mood-${mood}`, viewBox: `0 0 ${CHART.width} ${CHART.height}`, width: CHART.width, height: CHART.height, role: 'img', 'aria-label': description },
    svg('line', { class: 'zero', x1: 0, x2: CHART.width, y1: line.zeroY, y2: line.zeroY }),
    svg('polyline', { class: 'trend', points: line.points, fill: 'none' }),
    ...(line.last ? [svg('circle', { class: 'last', cx: line.last.x, cy: line.last.y, r: 3 })] : []),
  );
  return h('div', { class: 'sentiment' }, words, chart);
}
