import { type Expr, ExpressionError, parseExpression, type Scope, variablesOf } from '../expressions/parse.ts';
import { parseTemplate } from '../expressions/template.ts';
import type { TopicNode } from '../schema.ts';

/** Which variables a node reads and writes, for the checks. Mirrors where the runtime evaluates and stores. */

export interface VariableRead {
  readonly scope: Scope;
  /** The first path segment: `Topic.order.id` reads `order`. */
  readonly name: string;
  /** Where the expression or text sits inside the node, e.g. `['branches', 0, 'when']`. */
  readonly path: readonly (string | number)[];
}

/** The variables a node stores into (`Topic.x`, `Global.x`, `User.name`). */
export function writesOf(node: TopicNode): string[] {
  if (node.kind === 'question' || node.kind === 'set') return [node.variable];
  if (node.kind === 'action' && node.output) return [node.output];
  return [];
}

/** Every variable read by the node's expressions and `{…}` holes, with where it is read. */
export function readsOf(node: TopicNode): VariableRead[] {
  const sources: { path: (string | number)[]; source: string | undefined; kind: 'expression' | 'template' }[] = [];
  const text = (path: (string | number)[], source: string | undefined) => sources.push({ path, source, kind: 'template' });
  switch (node.kind) {
    case 'message':
      text(['text'], node.text);
      node.suggestions?.forEach((s, i) => text(['suggestions', i], s));
      break;
    case 'question':
      text(['prompt'], node.prompt);
      text(['retryPrompt'], node.retryPrompt);
      break;
    case 'condition':
      node.branches.forEach((b, i) => sources.push({ path: ['branches', i, 'when'], source: b.when, kind: 'expression' }));
      break;
    case 'set':
      sources.push({ path: ['value'], source: node.value, kind: 'expression' });
      break;
    case 'knowledge':
      text(['query'], node.query);
      break;
    case 'action':
      for (const [key, value] of Object.entries(node.inputs)) text(['inputs', key], value);
      break;
    case 'transfer':
      text(['message'], node.message);
      text(['agentMessage'], node.agentMessage);
      break;
  }
  return sources.flatMap(({ path, source, kind }) =>
    source === undefined ? [] : expressionsIn(source, kind).flatMap((e) => variablesOf(e).map((v) => ({ scope: v.scope, name: v.path[0]!, path }))),
  );
}

function expressionsIn(source: string, kind: 'expression' | 'template'): Expr[] {
  try {
    return kind === 'expression' ? [parseExpression(source)] : parseTemplate(source).filter((p): p is Expr => typeof p !== 'string');
  } catch (error) {
    // The schema already refused unparsable text, so this only happens for a topic built without it.
    if (error instanceof ExpressionError) return [];
    throw error;
  }
}
