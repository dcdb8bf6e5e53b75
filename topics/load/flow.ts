import type { TopicNode } from '../schema.ts';

/**
 * A topic's nodes as a graph, following the runtime's flow rules: control goes to `next`, else the node below;
 * `end` (or running past the last node) ends the topic; transfer, end-topic and end-conversation stop. The
 * checks use it for reachability, "set before read" and redirect cycles, so it must say what the runtime does.
 */

/** Where an edge leads: a node index, or the end of the topic. */
export type FlowTarget = number | 'end';

export interface FlowEdge {
  readonly to: FlowTarget;
  /**
   * Whether the node's variable (question.variable, set.variable, action.output) has been written when this
   * edge is taken. False for an action's `onError` edge: a failed action stores nothing.
   */
  readonly writes: boolean;
}

/** A place in a node that names another node: `next`, `branches[0].goto`, `else`, `onNoAnswer`, `onError`. */
export interface TargetRef {
  readonly path: readonly (string | number)[];
  readonly target: string;
}

const TERMINAL = new Set<TopicNode['kind']>(['transfer', 'end-topic', 'end-conversation']);

export function isTerminal(node: TopicNode): boolean {
  return TERMINAL.has(node.kind);
}

/** Every node-target a node names, with its path inside the node, whether or not control can take it. */
export function targetsOf(node: TopicNode): TargetRef[] {
  const refs: TargetRef[] = [];
  if (node.next) refs.push({ path: ['next'], target: node.next });
  if (node.kind === 'condition') {
    node.branches.forEach((b, i) => refs.push({ path: ['branches', i, 'goto'], target: b.goto }));
    if (node.else) refs.push({ path: ['else'], target: node.else });
  }
  if (node.kind === 'knowledge' && node.onNoAnswer) refs.push({ path: ['onNoAnswer'], target: node.onNoAnswer });
  if (node.kind === 'action' && node.onError) refs.push({ path: ['onError'], target: node.onError });
  return refs;
}

/** A topic's nodes with their ids resolved once. */
export class TopicFlow {
  readonly #ids = new Map<string, number>();

  constructor(readonly nodes: readonly TopicNode[]) {
    nodes.forEach((node, i) => {
      if (node.id && !this.#ids.has(node.id)) this.#ids.set(node.id, i);
    });
  }

  /** The index a target names; undefined when no node has that id (the check reports it). */
  resolve(target: string): FlowTarget | undefined {
    return target === 'end' ? 'end' : this.#ids.get(target);
  }

  /**
   * Where control can go after node `index`. Targets that do not exist are left out (reported separately).
   * A question's escalation and an action's default error path leave the topic, so they are no edges.
   */
  successors(index: number): FlowEdge[] {
    const node = this.nodes[index];
    if (!node || isTerminal(node)) return [];
    const below: FlowTarget = index + 1 < this.nodes.length ? index + 1 : 'end';
    const go = (target: string | undefined, writes = true): FlowEdge[] => {
      if (target === undefined) return [{ to: below, writes }];
      const to = this.resolve(target);
      return to === undefined ? [] : [{ to, writes }];
    };
    switch (node.kind) {
      case 'condition':
        // No `else`: control goes on as after any node (`next`, else the node below).
        return [...node.branches.flatMap((b) => go(b.goto)), ...go(node.else ?? node.next)];
      case 'knowledge':
        return [...go(node.next), ...go(node.onNoAnswer)];
      case 'action':
        return [...go(node.next), ...(node.onError ? go(node.onError, false) : [])];
      default:
        return go(node.next);
    }
  }

  /** Indexes of the nodes reachable from the entry (nodes[0]); `stopAt` nodes are reached but not passed. */
  reachable(stopAt: (node: TopicNode) => boolean = () => false): Set<number> {
    const seen = new Set<number>();
    const queue = this.nodes.length > 0 ? [0] : [];
    while (queue.length > 0) {
      const index = queue.pop()!;
      if (seen.has(index)) continue;
      seen.add(index);
      if (stopAt(this.nodes[index]!)) continue;
      for (const edge of this.successors(index)) if (edge.to !== 'end' && !seen.has(edge.to)) queue.push(edge.to);
    }
    return seen;
  }

  /**
   * For each reachable node, the variables some path from the entry may have set before it runs (a forward
   * "may" data-flow to a fixed point; loops included). `writesOf` says what a node stores.
   */
  maySetBefore(writesOf: (node: TopicNode) => readonly string[]): Map<number, Set<string>> {
    const before = new Map<number, Set<string>>();
    if (this.nodes.length === 0) return before;
    before.set(0, new Set());
    const work = [0];
    while (work.length > 0) {
      const index = work.pop()!;
      const known = before.get(index)!;
      const written = writesOf(this.nodes[index]!);
      for (const edge of this.successors(index)) {
        if (edge.to === 'end') continue;
        const out = edge.writes ? [...known, ...written] : [...known];
        const target = before.get(edge.to) ?? new Set<string>();
        const size = target.size;
        for (const name of out) target.add(name);
        // Revisit only when something new arrived (or the first time): sets only grow, so this terminates.
        if (!before.has(edge.to) || target.size > size) {
          before.set(edge.to, target);
          work.push(edge.to);
        }
      }
    }
    return before;
  }
}
