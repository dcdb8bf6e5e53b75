import { formatPath, type YamlPath } from '../../core/yaml.ts';
import { SYSTEM_VARIABLES, type TopicNode } from '../schema.ts';
import type { Topic, TopicProblem } from '../topic.ts';
import { TopicFlow, targetsOf } from './flow.ts';
import { readsOf, writesOf } from './variables.ts';

/**
 * Checks across nodes and across topic files (each file is already valid on its own): targets and redirects that
 * exist, variables set before they are read, unreachable nodes, trigger phrases two topics share and redirect
 * loops. Disabled topics are checked too: enabling one must not be the moment its mistakes show.
 */

export interface CheckOptions {
  /** The action registry's names; without it action names are not checked. */
  readonly knownActions?: readonly string[];
}

export function checkTopics(topics: readonly Topic[], options: CheckOptions = {}): TopicProblem[] {
  const globalsSet = new Set(topics.flatMap((t) => t.nodes.flatMap(writesOf)).filter((v) => v.startsWith('Global.')));
  // A redirect may name a topic by id or by its system role ("escalate" finds whichever file has system: escalate).
  const ids = new Set([...topics.map((t) => t.id), ...topics.flatMap((t) => (t.system ? [t.system] : []))]);
  return [
    ...systemRoles(topics),
    ...topics.flatMap((topic) => [
      ...targets(topic),
      ...redirectsAndActions(topic, ids, options),
      ...variables(topic, globalsSet),
      ...unreachable(topic),
    ]),
    ...sharedTriggers(topics),
    ...redirectCycles(topics),
  ];
}

function problem(topic: Topic, severity: TopicProblem['severity'], path: YamlPath, message: string): TopicProblem {
  return { severity, file: topic.file, ...topic.locate(path), path: formatPath(path), message };
}

function systemRoles(topics: readonly Topic[]): TopicProblem[] {
  const problems: TopicProblem[] = [];
  const roles = new Map<string, Topic>();
  for (const topic of topics) {
    if (!topic.system) continue;
    const other = roles.get(topic.system);
    if (other) problems.push(problem(topic, 'error', ['system'], `${other.file} is already the ${topic.system} topic`));
    else roles.set(topic.system, topic);
  }
  return problems;
}

/** `next`, `goto`, `else`, `onNoAnswer` and `onError` must name a node of the same topic (or `end`). */
function targets(topic: Topic): TopicProblem[] {
  const flow = new TopicFlow(topic.nodes);
  const known = topic.nodes.flatMap((n) => (n.id ? [n.id] : []));
  const hint = known.length > 0 ? `node ids here: ${known.join(', ')}, or end` : 'no node in this topic has an id; give the target node `id:`';
  return topic.nodes.flatMap((node, i) =>
    targetsOf(node)
      .filter((ref) => flow.resolve(ref.target) === undefined)
      .map((ref) => problem(topic, 'error', ['nodes', i, ...ref.path], `no node with id '${ref.target}' in this topic (${hint})`)),
  );
}

function redirectsAndActions(topic: Topic, ids: ReadonlySet<string>, options: CheckOptions): TopicProblem[] {
  const problems: TopicProblem[] = [];
  topic.nodes.forEach((node, i) => {
    if (node.kind === 'redirect' && !ids.has(node.topic)) {
      problems.push(problem(topic, 'error', ['nodes', i, 'topic'], `no topic '${node.topic}' (a topic's id is its file name without .yaml)`));
    }
    if (node.kind === 'action' && options.knownActions && !options.knownActions.includes(node.action)) {
      const known = options.knownActions.length > 0 ? options.knownActions.join(', ') : 'none';
      problems.push(problem(topic, 'error', ['nodes', i, 'action'], `unknown action '${node.action}' (known: ${known})`));
    }
  });
  return problems;
}

/**
 * Topic.* must be set somewhere in the topic, and on some path before it is read (a question's skipIfKnown or
 * a loop can make "some path" right, so that one is a warning). Global.* is shared, so any topic may set it.
 */
function variables(topic: Topic, globalsSet: ReadonlySet<string>): TopicProblem[] {
  const flow = new TopicFlow(topic.nodes);
  const setInTopic = new Set(topic.nodes.flatMap(writesOf));
  const maySet = flow.maySetBefore(writesOf);
  const problems: TopicProblem[] = [];
  const seen = new Set<string>();
  topic.nodes.forEach((node, i) => {
    for (const read of readsOf(node)) {
      const name = `${read.scope}.${read.name}`;
      const path = ['nodes', i, ...read.path];
      const key = `${formatPath(path)} ${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (read.scope === 'Topic' && !setInTopic.has(name)) {
        problems.push(problem(topic, 'error', path, `${name} is never set in this topic (set it with a question, set or action output)`));
      } else if (read.scope === 'Topic' && maySet.has(i) && !maySet.get(i)!.has(name)) {
        // Unreachable nodes (no entry in maySet) get their own warning instead.
        problems.push(problem(topic, 'warning', path, `${name} is read before any node sets it`));
      } else if (read.scope === 'Global' && !globalsSet.has(name)) {
        problems.push(problem(topic, 'warning', path, `${name} is read but no topic sets it`));
      } else if (read.scope === 'System' && !(SYSTEM_VARIABLES as readonly string[]).includes(read.name)) {
        problems.push(problem(topic, 'error', path, `unknown variable ${name}; System has ${SYSTEM_VARIABLES.join(', ')}`));
      }
    }
  });
  return problems;
}

/** One warning per run of unreachable nodes: the nodes after an unreachable one are usually unreachable too. */
function unreachable(topic: Topic): TopicProblem[] {
  const flow = new TopicFlow(topic.nodes);
  // A missing target already has an error; the nodes it cuts off would only repeat it.
  if (topic.nodes.some((node) => targetsOf(node).some((ref) => flow.resolve(ref.target) === undefined))) return [];
  const reached = flow.reachable();
  const problems: TopicProblem[] = [];
  for (let i = 0; i < topic.nodes.length; i++) {
    if (reached.has(i)) continue;
    let last = i;
    while (last + 1 < topic.nodes.length && !reached.has(last + 1)) last++;
    const run = last === i ? '' : last === i + 1 ? ` (nor nodes[${last}] below it)` : ` (nor nodes[${i + 1}] to nodes[${last}] below it)`;
    problems.push(problem(topic, 'warning', ['nodes', i], `unreachable: no path from the first node leads here${run}`));
    i = last;
  }
  return problems;
}

/** How trigger phrases compare: case, repeated spaces and trailing punctuation do not tell two phrases apart. */
export function normaliseTrigger(phrase: string): string {
  return phrase.toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s.!?,;:…]+$/u, '');
}

/** A phrase in two topics trains two intents on the same words; the classifier can only guess between them. */
function sharedTriggers(topics: readonly Topic[]): TopicProblem[] {
  const first = new Map<string, Topic>();
  const problems: TopicProblem[] = [];
  for (const topic of topics) {
    topic.triggers.forEach((phrase, i) => {
      const key = normaliseTrigger(phrase);
      const other = first.get(key);
      if (!other) first.set(key, topic);
      else if (other !== topic) {
        const message = `trigger "${phrase}" is also a trigger of topic '${other.id}' (${other.file}); the classifier cannot tell '${topic.id}' from '${other.id}' on it`;
        problems.push(problem(topic, 'warning', ['triggers', i], message));
      }
    });
  }
  return problems;
}

interface RedirectEdge {
  readonly to: string;
  /** The redirect node's index in the topic it leaves. */
  readonly index: number;
}

/**
 * Topics redirecting to each other with no question on the way never wait for the customer: the runtime would
 * loop until its step budget. A question in the cycle makes it a legitimate "ask again" loop.
 */
function redirectCycles(topics: readonly Topic[]): TopicProblem[] {
  const byId = new Map(topics.map((t) => [t.id, t]));
  for (const t of topics) if (t.system && !byId.has(t.system)) byId.set(t.system, t);
  const edges = new Map<string, RedirectEdge[]>();
  for (const topic of topics) {
    // Questions that wait are reached but not passed: what comes after them runs only after the customer answers.
    const open = new TopicFlow(topic.nodes).reachable(waitsForCustomer);
    const out: RedirectEdge[] = [];
    for (const index of [...open].sort((a, b) => a - b)) {
      const node = topic.nodes[index]!;
      if (node.kind === 'redirect' && byId.has(node.topic)) out.push({ to: byId.get(node.topic)!.id, index });
    }
    edges.set(topic.id, out);
  }
  const problems: TopicProblem[] = [];
  for (const start of [...byId.keys()].sort()) {
    const cycle = shortestCycle(start, edges);
    if (!cycle) continue;
    const names = [start, ...cycle.map((e) => e.to)].join(' → ');
    const message = `redirect cycle ${names} with no question in between: it would loop until the step budget`;
    problems.push(problem(byId.get(start)!, 'error', ['nodes', cycle[0]!.index, 'topic'], message));
  }
  return problems;
}

/**
 * Whether a question asks every time round a redirect cycle. Each redirect starts a fresh frame, so Topic.*
 * is blank again; a Global.* or User.* question with skipIfKnown is skipped once answered, and would not stop a loop.
 */
function waitsForCustomer(node: TopicNode): boolean {
  return node.kind === 'question' && (!node.skipIfKnown || node.variable.startsWith('Topic.'));
}

/**
 * The shortest cycle from `start` back to it through topics that sort after `start`, so each cycle is reported
 * once, by its first topic in id order.
 */
function shortestCycle(start: string, edges: ReadonlyMap<string, readonly RedirectEdge[]>): RedirectEdge[] | undefined {
  const cameBy = new Map<string, { from: string; edge: RedirectEdge }>();
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const edge of edges.get(at) ?? []) {
      if (edge.to === start) {
        const path = [edge];
        for (let step = at; step !== start; step = cameBy.get(step)!.from) path.unshift(cameBy.get(step)!.edge);
        return path;
      }
      if (edge.to < start || cameBy.has(edge.to)) continue;
      cameBy.set(edge.to, { from: at, edge });
      queue.push(edge.to);
    }
  }
  return undefined;
}
