import { display, evaluate, truthy, type Value } from '../expressions/evaluate.ts';
import { escapeMarkdown, renderTemplate } from '../expressions/template.ts';
import type { SystemTopic, TopicNode } from '../schema.ts';
import { nodeKey, type Topic, type TopicLibrary } from '../topic.ts';
import { answeredInPassing } from './answers.ts';
import { assign, expressionOf, read, scopesFor, templateOf } from './scopes.ts';
import type { Command, Effect, EscalationReason, Frame, RuntimeEnv, RuntimeSettings, RuntimeState } from './types.ts';

/** A problem in the topics themselves (a loop, a missing topic): the turn goes to the On Error topic. */
export class TopicRuntimeError extends Error {
  override name = 'TopicRuntimeError';
  /** The topics loop: what the run said so far is repetition, not worth sending. */
  constructor(message: string, readonly loop = false) {
    super(message);
  }
}

/**
 * One run of the runtime: executes nodes from the top of the stack until something waits for the customer or
 * for an effect, or nothing is left to run. Mutates its own copy of the state and collects commands.
 */
export class Run {
  readonly commands: Command[] = [];
  #steps = 0;
  #messages = 0;

  constructor(
    readonly library: TopicLibrary,
    readonly state: RuntimeState,
    readonly env: RuntimeEnv,
    readonly settings: RuntimeSettings,
  ) {}

  get top(): Frame | undefined {
    return this.state.stack.at(-1);
  }

  emit(command: Command): void {
    if ((command.kind === 'say' || command.kind === 'ask') && ++this.#messages > this.settings.maxMessages) {
      throw new TopicRuntimeError(`more than ${this.settings.maxMessages} messages in one turn (a loop in the topics?)`, true);
    }
    this.commands.push(command);
  }

  /** Puts a topic on the stack (a redirect keeps the caller under it). */
  start(topic: Topic, options: { fresh?: boolean } = {}): void {
    if (this.state.stack.length >= this.settings.maxDepth) {
      throw new TopicRuntimeError(`more than ${this.settings.maxDepth} topics redirected into one another`);
    }
    if (topic.system === 'escalate' && !this.state.escalation) this.state.escalation = this.#inferReason();
    this.state.stack.push({ topic: topic.id, node: topic.nodes[0] ? nodeKey(topic.nodes[0], 0) : 'end', vars: {}, fresh: options.fresh });
    this.emit({ kind: 'trace', event: 'topic-started', topic: topic.id });
  }

  startSystem(role: SystemTopic, options: { fresh?: boolean } = {}): boolean {
    const topic = this.library.system(role);
    if (topic) this.start(topic, options);
    return topic !== undefined;
  }

  /** Runs nodes until the customer or an effect is awaited, or the stack is empty. */
  continue(): void {
    for (;;) {
      const frame = this.top;
      if (!frame) return this.#offerResume();
      if (frame.waiting) return;
      const topic = this.library.get(frame.topic);
      const index = topic ? findNode(topic, frame.node) : -1;
      if (frame.node === 'end' || !topic) {
        this.endTopic();
        continue;
      }
      if (index < 0) {
        this.nodeMissing(frame);
        continue;
      }
      if (++this.#steps > this.settings.stepBudget) {
        throw new TopicRuntimeError(`more than ${this.settings.stepBudget} steps in one turn (a loop in the topics?)`, true);
      }
      this.#execute(topic, index, topic.nodes[index]!, frame);
    }
  }

  /** On Error runs on a budget of its own: the run it recovers from may have used this one up (a loop). */
  freshBudget(): void {
    this.#steps = 0;
    this.#messages = 0;
  }

  /** Takes back the messages of this run (a loop's repetitions) before On Error speaks. */
  dropMessages(): void {
    const kept = this.commands.filter((c) => c.kind !== 'say' && c.kind !== 'ask');
    this.commands.splice(0, this.commands.length, ...kept);
  }

  endTopic(): void {
    const frame = this.state.stack.pop();
    if (frame) this.emit({ kind: 'trace', event: 'topic-ended', topic: frame.topic });
  }

  /** A maker removed or changed the node a conversation was at: stop politely rather than guess. */
  nodeMissing(frame: Frame): void {
    this.emit({ kind: 'trace', event: 'node-missing', topic: frame.topic, detail: frame.node });
    this.emit({ kind: 'say', text: this.settings.texts.topicChanged });
    this.state.stack = [];
    this.state.suspended = undefined;
  }

  /** Where to go after the node at `index`: `target` if given (`end` or a node id), else the node below. */
  moveTo(frame: Frame, topic: Topic, index: number, target: string | undefined): void {
    const below = topic.nodes[index + 1];
    frame.node = target ?? (below ? nodeKey(below, index + 1) : 'end');
    frame.waiting = undefined;
    frame.fingerprint = undefined;
  }

  wait(frame: Frame, node: TopicNode, waiting: NonNullable<Frame['waiting']>): void {
    frame.waiting = waiting;
    frame.fingerprint = fingerprint(node);
  }

  /** A template filled in; `escape` is for values (Markdown escaping by default, for texts customers read). */
  text(source: string, frame: Frame | undefined, escape?: (text: string) => string): string {
    return renderTemplate(templateOf(source), scopesFor(frame, this.state, this.env, this.library), escape);
  }

  value(source: string, frame: Frame | undefined): Value {
    return evaluate(expressionOf(source), scopesFor(frame, this.state, this.env, this.library));
  }

  /** Suggested actions; an entry that is one `{list}` hole (e.g. `{System.candidates}`) becomes one per item. */
  suggestions(sources: readonly string[] | undefined, frame: Frame): string[] | undefined {
    if (!sources) return undefined;
    return sources.flatMap((source) => {
      const hole = /^\{([^{}]+)\}$/.exec(source.trim());
      const value = hole ? this.value(hole[1]!, frame) : null;
      return Array.isArray(value) ? value.map(display).filter(Boolean) : [this.text(source, frame)];
    });
  }

  #execute(topic: Topic, index: number, node: TopicNode, frame: Frame): void {
    switch (node.kind) {
      case 'message':
        this.emit({ kind: 'say', text: this.text(node.text, frame), suggestions: this.suggestions(node.suggestions, frame) });
        return this.moveTo(frame, topic, index, node.next);
      case 'question':
        return this.#question(topic, index, node, frame);
      case 'condition': {
        const branch = node.branches.find((b) => truthy(this.value(b.when, frame)));
        return this.moveTo(frame, topic, index, branch ? branch.goto : (node.else ?? node.next));
      }
      case 'set':
        assign(node.variable, this.value(node.value, frame), frame, this.state);
        return this.moveTo(frame, topic, index, node.next);
      case 'knowledge':
        this.wait(frame, node, { kind: 'effect' });
        return this.emit({ kind: 'effect', effect: this.knowledgeEffect(node, frame) });
      case 'action': {
        // Inputs go to code, not to a chat window: no Markdown escaping.
        const scopes = scopesFor(frame, this.state, this.env, this.library);
        const inputs = Object.fromEntries(Object.entries(node.inputs).map(([k, v]) => [k, renderTemplate(templateOf(v), scopes, String)]));
        this.wait(frame, node, { kind: 'effect' });
        return this.emit({ kind: 'effect', effect: { kind: 'action', name: node.action, inputs } });
      }
      case 'redirect':
        return this.#redirect(topic, index, node, frame);
      case 'transfer':
        return this.#transfer(node, frame);
      case 'end-topic':
        return this.endTopic();
      case 'end-conversation':
        return this.#endConversation(node.survey, frame);
    }
  }

  /**
   * What to search for, and in which context: the product the node names or the customer mentioned, and the
   * version the node names or the conversation settled on (Global.productVersion).
   */
  knowledgeEffect(node: TopicNode & { kind: 'knowledge' }, frame: Frame, version?: string): Effect & { kind: 'knowledge' } {
    const query = node.query ? this.text(node.query, frame) : (this.state.last?.text ?? '');
    const mentioned = this.state.last?.understanding.entities.find((e) => e.type === 'product')?.value;
    const product = node.product ? this.text(node.product, frame, String) : typeof mentioned === 'string' ? mentioned : '';
    const remembered = this.state.global['productVersion'];
    const chosen = version ?? (node.version ? this.text(node.version, frame, String) : typeof remembered === 'string' ? remembered : '');
    return { kind: 'knowledge', query, ...(product ? { product } : {}), ...(chosen ? { version: chosen } : {}) };
  }

  #question(topic: Topic, index: number, node: TopicNode & { kind: 'question' }, frame: Frame): void {
    if (node.skipIfKnown && read(node.variable, frame, this.state) !== null) return this.moveTo(frame, topic, index, node.next);
    const last = this.state.last;
    if (frame.fresh && last) {
      const found = answeredInPassing(node, last.text, last.understanding.entities);
      if (found.ok) {
        assign(node.variable, found.value, frame, this.state);
        return this.moveTo(frame, topic, index, node.next);
      }
    }
    this.ask(node, frame, node.prompt);
    this.wait(frame, node, { kind: 'question', retries: 0 });
  }

  ask(node: TopicNode & { kind: 'question' }, frame: Frame, prompt: string): void {
    const suggestions =
      node.type === 'choice' ? node.choices : node.type === 'boolean' ? [this.settings.texts.yes, this.settings.texts.no] : undefined;
    this.emit({ kind: 'ask', text: this.text(prompt, frame), suggestions });
  }

  #redirect(topic: Topic, index: number, node: TopicNode & { kind: 'redirect' }, frame: Frame): void {
    const target = this.library.resolve(node.topic);
    if (!target) throw new TopicRuntimeError(`${topic.file}: redirect to a topic that does not exist: ${node.topic}`);
    this.moveTo(frame, topic, index, node.next);
    if (target.system === 'escalate' && node.reason) this.state.escalation = node.reason;
    this.start(target);
  }

  #transfer(node: TopicNode & { kind: 'transfer' }, frame: Frame): void {
    this.emit({ kind: 'say', text: node.message ? this.text(node.message, frame) : this.settings.texts.transferring });
    const variables: Record<string, Value> = {};
    for (const f of this.state.stack) for (const [k, v] of Object.entries(f.vars)) variables[`Topic.${k}`] = v;
    for (const [k, v] of Object.entries(this.state.global)) variables[`Global.${k}`] = v;
    const topics = this.state.stack.map((f) => f.topic);
    this.emit({
      kind: 'handoff',
      request: {
        reason: node.reason ?? this.state.escalation ?? 'topic-transfer',
        topic: frame.topic,
        topics,
        ...(node.agentMessage ? { agentMessage: this.text(node.agentMessage, frame) } : {}),
        ...(node.queue ? { queue: node.queue } : {}),
        ...(node.skills ? { skills: node.skills } : {}),
        variables,
      },
    });
    for (const f of [...this.state.stack].reverse()) this.emit({ kind: 'trace', event: 'topic-ended', topic: f.topic });
    this.state.stack = [];
    this.state.suspended = undefined;
    this.state.escalation = undefined;
  }

  #endConversation(survey: boolean, frame: Frame): void {
    const closing = this.library.system('end-of-conversation');
    if (survey && closing && frame.topic !== closing.id) {
      this.state.stack = [];
      this.state.suspended = undefined;
      return this.start(closing);
    }
    this.state.stack = [];
    this.state.suspended = undefined;
    this.state.escalation = undefined;
    this.state.unrecognised = 0;
    this.emit({ kind: 'end-conversation' });
  }

  /** When an interruption is over, offers to go back to what it interrupted. */
  #offerResume(): void {
    const suspended = this.state.suspended?.[0];
    if (!suspended || this.state.resumeOffered) return;
    const name = this.library.get(suspended.topic)?.name ?? suspended.topic;
    this.state.resumeOffered = true;
    this.emit({
      kind: 'ask',
      text: this.settings.texts.resumeOffer.replace('{topic}', escapeMarkdown(name)),
      suggestions: [this.settings.texts.yes, this.settings.texts.no],
    });
  }

  /** Why Escalate was entered when nothing said so explicitly. */
  #inferReason(): EscalationReason {
    const caller = this.top;
    if (caller && this.library.get(caller.topic)?.system === 'fallback') return 'fallback-exhausted';
    if (caller?.outcome === 'no-answer') return 'no-knowledge-answer';
    if (caller?.outcome === 'action-failed') return 'action-failed';
    if (!caller) return 'customer-asked';
    return 'topic-transfer';
  }
}

export function findNode(topic: Topic, key: string): number {
  if (key.startsWith('#')) {
    const index = Number(key.slice(1));
    return topic.nodes[index] && !topic.nodes[index]!.id ? index : -1;
  }
  return topic.nodes.findIndex((n) => n.id === key);
}

/** FNV-1a of the node's definition: enough to notice an edit, and stable across processes. */
export function fingerprint(node: TopicNode): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify(node)) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}
