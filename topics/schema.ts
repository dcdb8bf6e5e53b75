import { z } from 'zod';
import { ESCALATION_REASONS, type EscalationReason } from '../core/handoff/index.ts';
import { ExpressionError, parseExpression } from './expressions/parse.ts';
import { parseTemplate } from './expressions/template.ts';

/**
 * The topic file format: the single source of truth for the loader, the runtime's types and the JSON Schema
 * editors use (`npm run topics:schema` writes topics/topic.schema.json). One YAML file per topic; the file name
 * (without .yaml) is the topic's id and the intent its trigger phrases train.
 */

export const SYSTEM_TOPICS = [
  'conversation-start',
  'greeting',
  'fallback',
  'escalate',
  'goodbye',
  'thank-you',
  'start-over',
  'end-of-conversation',
  'multiple-topics-matched',
  'on-error',
] as const;
export type SystemTopic = (typeof SYSTEM_TOPICS)[number];

/** What the runtime provides under `System.` (documented in topics/README.md). */
export const SYSTEM_VARIABLES = [
  'botName',
  'conversationId',
  'lastMessage',
  'intent',
  'confidence',
  'sentiment',
  'sentimentScore',
  'sentimentTrend',
  'frustrated',
  'entities',
  'unrecognisedCount',
  'candidates',
  'suspendedTopic',
  'error',
  'now',
] as const;

export { ESCALATION_REASONS, type EscalationReason };

export const USER_FIELDS = ['name', 'email', 'phone'] as const;

const ID = /^[a-z][a-z0-9-]{0,63}$/;
const NODE_ID = /^[a-z][a-z0-9_-]{0,63}$/;

/** A string that must parse with `parse`; the error says where in the `what` it fails. */
function parsed(base: z.ZodString, parse: (source: string) => unknown, what: string) {
  return base.superRefine((source, ctx) => {
    try {
      parse(source);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      ctx.addIssue({ code: 'custom', message: `${error.message} (at character ${error.at + 1} of the ${what})` });
    }
  });
}

const expression = parsed(z.string().min(1), parseExpression, 'expression').describe(
  'An expression, e.g. `Topic.attempts >= 2 and System.sentiment == "negative"`.',
);

const template = parsed(z.string().max(4000), parseTemplate, 'text').describe(
  'Markdown text; `{Topic.name}` inserts a value, `{{` and `}}` are literal braces.',
);

/** Where a question, `set` or action output stores its value. */
const variable = z
  .string()
  .regex(
    new RegExp(`^(Topic\\.[A-Za-z][A-Za-z0-9_]{0,63}|Global\\.[A-Za-z][A-Za-z0-9_]{0,63}|User\\.(${USER_FIELDS.join('|')}))$`),
    `expected Topic.<name>, Global.<name> or User.${USER_FIELDS.join('|')}`,
  );

const nodeId = z.string().regex(NODE_ID, 'lower-case letters, digits, - and _ (max 64), starting with a letter');
/** A node of the same topic to go to, or `end` to end the topic. */
const target = z.union([nodeId, z.literal('end')]);

const base = {
  id: nodeId.optional().describe('Name this node to go to it from conditions and `next`.'),
  next: target.optional().describe('Where to go after this node (default: the node below).'),
};

const suggestions = z.array(template.pipe(z.string().min(1).max(100))).max(10);

export const messageNode = z
  .object({ kind: z.literal('message'), ...base, text: template.pipe(z.string().min(1)), suggestions: suggestions.optional() })
  .strict();

export const QUESTION_TYPES = ['text', 'number', 'email', 'phone', 'date', 'choice', 'boolean', 'pattern'] as const;

export const questionNode = z
  .object({
    kind: z.literal('question'),
    ...base,
    prompt: template.pipe(z.string().min(1)),
    variable,
    type: z.enum(QUESTION_TYPES),
    choices: z.array(z.string().trim().min(1).max(100)).min(2).max(10).optional().describe('For type choice.'),
    pattern: z.string().min(1).max(200).optional().describe('For type pattern: a regular expression the answer must contain.'),
    min: z.number().optional().describe('For type number: the smallest accepted value.'),
    max: z.number().optional().describe('For type number: the largest accepted value.'),
    retryPrompt: template.optional().describe('Said when an answer is not valid (default: the prompt again).'),
    retries: z.int().min(0).max(5).default(2).describe('How many invalid answers before giving up.'),
    whenRetriesRunOut: z.enum(['escalate', 'continue']).default('escalate'),
    skipIfKnown: z.boolean().default(true).describe('Skip the question when the variable already has a value.'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.type === 'choice' && !q.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'a choice question needs choices' });
    if (q.type !== 'choice' && q.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'choices are only for type choice' });
    if (q.type === 'pattern') {
      if (!q.pattern) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'a pattern question needs a pattern' });
      else if (!validRegex(q.pattern)) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'not a valid regular expression' });
    } else if (q.pattern) ctx.addIssue({ code: 'custom', path: ['pattern'], message: 'pattern is only for type pattern' });
  });

export const conditionNode = z
  .object({
    kind: z.literal('condition'),
    ...base,
    branches: z.array(z.object({ when: expression, goto: target }).strict()).min(1).max(20),
    else: target.optional().describe('Where to go when no branch matches (default: the node below).'),
  })
  .strict();

export const setNode = z.object({ kind: z.literal('set'), ...base, variable, value: expression }).strict();

export const knowledgeNode = z
  .object({
    kind: z.literal('knowledge'),
    ...base,
    query: template.optional().describe("What to search for (default: the customer's last message)."),
    product: template.optional().describe('Only articles for this product (default: a product the customer named).'),
    version: template.optional().describe('The product version (default: Global.productVersion, set when the customer picks one).'),
    onNoAnswer: target.optional().describe('Where to go when no confident answer is found (default: the node below).'),
  })
  .strict();

export const actionNode = z
  .object({
    kind: z.literal('action'),
    ...base,
    action: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'an action name from the registry'),
    inputs: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'a name starting with a letter'), template).default({}),
    output: variable.optional().describe('Where to store the result.'),
    onError: target.optional().describe('Where to go when the action fails (default: the On Error topic).'),
  })
  .strict();

export const redirectNode = z
  .object({
    kind: z.literal('redirect'),
    ...base,
    topic: z.string().regex(ID, 'a topic id (its file name without .yaml)'),
    reason: z.enum(ESCALATION_REASONS).optional().describe('When redirecting to Escalate: why (shown to the rep).'),
  })
  .strict();

export const transferNode = z
  .object({
    kind: z.literal('transfer'),
    ...base,
    message: template.optional().describe('Said to the customer while connecting.'),
    agentMessage: template.optional().describe('A private note for the rep.'),
    queue: z.string().min(1).max(64).optional(),
    skills: z.array(z.string().min(1).max(64)).max(10).optional(),
    reason: z.enum(ESCALATION_REASONS).optional().describe('Why (default: the reason the Escalate topic was entered with).'),
  })
  .strict();

export const endTopicNode = z.object({ kind: z.literal('end-topic'), ...base }).strict();

export const endConversationNode = z
  .object({ kind: z.literal('end-conversation'), ...base, survey: z.boolean().default(true).describe('Ask for a rating first.') })
  .strict();

export const topicNode = z.discriminatedUnion('kind', [
  messageNode,
  questionNode,
  conditionNode,
  setNode,
  knowledgeNode,
  actionNode,
  redirectNode,
  transferNode,
  endTopicNode,
  endConversationNode,
]);

export const topicFile = z
  .object({
    name: z.string().trim().min(1).max(80).describe('Shown to customers, e.g. in "Did you mean …?".'),
    description: z.string().max(1000).optional(),
    system: z.enum(SYSTEM_TOPICS).optional().describe('Marks one of the system topics the runtime calls by itself.'),
    enabled: z.boolean().default(true),
    triggers: z.array(z.string().trim().min(1).max(300)).max(1000).default([]).describe('Phrases that start this topic.'),
    nodes: z.array(topicNode).min(1).max(500),
  })
  .strict()
  .superRefine((topic, ctx) => {
    const seen = new Map<string, number>();
    topic.nodes.forEach((node, i) => {
      if (!node.id) return;
      if (seen.has(node.id)) {
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'id'], message: `duplicate node id '${node.id}' (also nodes[${seen.get(node.id)}])` });
      }
      seen.set(node.id, i);
    });
  });

export type TopicFile = z.output<typeof topicFile>;
export type TopicNode = z.output<typeof topicNode>;
export type NodeKind = TopicNode['kind'];
export type QuestionNode = z.output<typeof questionNode>;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const TOPIC_ID = ID;

function validRegex(source: string): boolean {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}
