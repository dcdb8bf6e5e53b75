import type { Value } from '../expressions/evaluate.ts';
import { escapeMarkdown } from '../expressions/template.ts';
import type { QuestionNode } from '../schema.ts';
import type { Topic, TopicLibrary } from '../topic.ts';
import { recognise, yesNo } from './answers.ts';
import { findNode, fingerprint, Run, TopicRuntimeError } from './run.ts';
import { assign } from './scopes.ts';
import {
  DEFAULT_RUNTIME_SETTINGS,
  type EffectResult,
  type Frame,
  type KnowledgeAnswer,
  type MessageUnderstanding,
  type RuntimeEnv,
  type RuntimeInput,
  type RuntimeState,
  type TurnResult,
} from './types.ts';

/**
 * The topic runtime: given the topics, the conversation's state and what just happened (the conversation
 * started, the customer said something, an effect finished), returns the new state and the commands for the
 * host. Pure: no I/O, no clock (`env.now`), no botbuilder; the input state is not modified.
 */
export function runTurn(library: TopicLibrary, state: RuntimeState, input: RuntimeInput, env: RuntimeEnv): TurnResult {
  const run = new Run(library, structuredClone(state), env, env.settings ?? DEFAULT_RUNTIME_SETTINGS);
  try {
    if (input.kind === 'conversation-start') {
      if (run.state.stack.length === 0) run.startSystem('conversation-start');
    } else if (input.kind === 'handoff-ended') {
      run.state.stack = [];
      run.state.suspended = undefined;
      run.state.escalation = undefined;
      run.startSystem(input.outcome === 'resolved' ? 'end-of-conversation' : 'conversation-start');
    } else if (input.kind === 'message') {
      onMessage(run, input.text, input.understanding);
    } else {
      onEffectResult(run, input.result);
    }
    run.continue();
  } catch (error) {
    onError(run, error);
  }
  for (const frame of run.state.stack) frame.fresh = undefined;
  return { state: run.state, commands: run.commands };
}

function onMessage(run: Run, text: string, understanding: MessageUnderstanding): void {
  const { state } = run;
  state.last = { text, understanding };
  state.error = undefined;
  const strong = strongMatch(run, text, understanding);
  if (strong?.system === 'start-over') return startOver(run, strong);
  if (state.resumeOffered) {
    if (answerResumeOffer(run, text)) return;
  }
  const frame = run.top;
  if (frame?.waiting?.kind === 'question') return answerQuestion(run, frame, text, understanding, strong);
  if (frame?.waiting?.kind === 'version') {
    const version = pickVersion(frame.waiting.versions, text);
    if (version) return searchAgain(run, frame, frame.waiting.query, version);
    run.endTopic(); // The customer moved on: what they said now is a new request.
  }
  if (frame?.waiting?.kind === 'effect') {
    // A message while an effect is outstanding means the host lost it (a crash mid-turn): start afresh.
    state.stack = [];
  }
  route(run, text, understanding);
}

/** Picks the topic for a message when no question is pending. */
function route(run: Run, text: string, understanding: MessageUnderstanding): void {
  const { state, library } = run;
  const clicked = library.byName(text);
  const candidates = understanding.intent.ranking
    .slice(0, 3)
    .map((r) => library.get(r.intent))
    .filter((t): t is Topic => t !== undefined && t.enabled && t.triggers.length > 0);
  if (!clicked && understanding.intent.ambiguous && candidates.length >= 2) {
    state.candidates = candidates.map((t) => t.name);
    if (run.startSystem('multiple-topics-matched', { fresh: true })) return;
  }
  const topic = clicked ?? triggered(library, understanding);
  if (topic) {
    if (topic.system !== 'fallback') state.unrecognised = 0;
    if (topic.system === 'escalate') state.escalation = 'customer-asked';
    return run.start(topic, { fresh: true });
  }
  state.unrecognised++;
  run.startSystem('fallback', { fresh: true });
}

function triggered(library: TopicLibrary, understanding: MessageUnderstanding): Topic | undefined {
  const top = understanding.intent.top;
  const topic = top ? library.get(top.intent) : undefined;
  return topic?.enabled && topic.triggers.length > 0 ? topic : undefined;
}

/** A topic the message asks for clearly enough to leave a pending question for it. */
function strongMatch(run: Run, text: string, understanding: MessageUnderstanding): Topic | undefined {
  const clicked = run.library.byName(text);
  if (clicked) return clicked;
  const top = understanding.intent.top;
  if (!top || understanding.intent.ambiguous || top.confidence < run.settings.interruptConfidence) return undefined;
  return triggered(run.library, understanding);
}

function answerQuestion(run: Run, frame: Frame, text: string, understanding: MessageUnderstanding, strong: Topic | undefined): void {
  const topic = run.library.get(frame.topic);
  const index = topic ? findNode(topic, frame.node) : -1;
  const node = topic?.nodes[index];
  if (!topic || !node || node.kind !== 'question' || fingerprint(node) !== frame.fingerprint) return run.nodeMissing(frame);
  const answer = recognise(node, text, understanding.entities);
  const elsewhere = strong && !run.state.stack.some((f) => f.topic === strong.id) ? strong : undefined;
  if (elsewhere && (!answer.ok || node.type === 'text')) return interrupt(run, elsewhere);
  if (answer.ok) {
    assign(node.variable, answer.value, frame, run.state);
    return run.moveTo(frame, topic, index, node.next);
  }
  const waiting = frame.waiting as { kind: 'question'; retries: number };
  waiting.retries++;
  if (waiting.retries <= node.retries) {
    run.emit({ kind: 'trace', event: 'reprompt', topic: topic.id, detail: frame.node });
    return run.ask(node, frame, node.retryPrompt ?? node.prompt);
  }
  retriesRanOut(run, topic, index, node, frame);
}

function retriesRanOut(run: Run, topic: Topic, index: number, node: QuestionNode, frame: Frame): void {
  if (node.whenRetriesRunOut === 'continue') return run.moveTo(frame, topic, index, node.next);
  // Escalate runs on top of the topic that gave up (which ends after it), so the handoff carries its variables.
  run.moveTo(frame, topic, index, 'end');
  run.state.suspended = undefined;
  run.state.escalation = 'question-retries-exhausted';
  if (!run.startSystem('escalate')) throw new TopicRuntimeError('no Escalate topic');
}

/** Sets the current topics aside for one the customer asked for; they are offered back when it ends. */
function interrupt(run: Run, topic: Topic): void {
  const { state } = run;
  run.emit({ kind: 'trace', event: 'interrupted', topic: run.top!.topic, detail: topic.id });
  state.suspended = state.stack;
  state.resumeOffered = false;
  state.stack = [];
  if (topic.system === 'escalate') state.escalation = 'customer-asked';
  run.start(topic, { fresh: true });
}

/** Returns true when the message answered "shall we go back to …?". */
function answerResumeOffer(run: Run, text: string): boolean {
  const { state } = run;
  const suspended = state.suspended ?? [];
  state.resumeOffered = false;
  state.suspended = undefined;
  const answer = yesNo(text);
  if (!answer.ok) return false; // Something else entirely: drop the old topic and handle it.
  if (answer.value === false) {
    run.emit({ kind: 'say', text: run.settings.texts.resumeDeclined });
    return true;
  }
  state.stack = suspended;
  const frame = run.top;
  if (!frame) return true;
  run.emit({ kind: 'trace', event: 'resumed', topic: frame.topic });
  const topic = run.library.get(frame.topic);
  const node = topic?.nodes[findNode(topic, frame.node)];
  if (!node || fingerprint(node) !== frame.fingerprint) {
    run.nodeMissing(frame);
  } else if (node.kind === 'question') {
    run.ask(node, frame, node.prompt);
  }
  return true;
}

function startOver(run: Run, topic: Topic): void {
  const { state } = run;
  state.stack = [];
  state.suspended = undefined;
  state.resumeOffered = false;
  state.global = {};
  state.unrecognised = 0;
  state.escalation = undefined;
  state.candidates = undefined;
  run.start(topic, { fresh: true });
}

function onEffectResult(run: Run, result: EffectResult): void {
  const frame = run.top;
  const topic = frame ? run.library.get(frame.topic) : undefined;
  if (!frame || !topic || frame.waiting?.kind !== 'effect') throw new TopicRuntimeError('an effect result arrived with nothing waiting for it');
  const index = findNode(topic, frame.node);
  const node = topic.nodes[index];
  if (!node || fingerprint(node) !== frame.fingerprint) return run.nodeMissing(frame);
  if (node.kind === 'knowledge' && result.kind === 'knowledge') {
    if (result.askVersion && result.askVersion.versions.length > 1) {
      const { product, versions } = result.askVersion;
      const query = node.query ? run.text(node.query, frame) : (run.state.last?.text ?? '');
      frame.waiting = { kind: 'version', query, versions };
      run.emit({ kind: 'ask', text: run.settings.texts.whichVersion.replace('{product}', escapeMarkdown(product)), suggestions: versions });
      return;
    }
    if (!result.answer) {
      frame.outcome = 'no-answer';
      return run.moveTo(frame, topic, index, node.onNoAnswer ?? undefined);
    }
    run.emit({ kind: 'say', text: withCitations(result.answer), ...(result.answer.source ? { answered: result.answer.source } : {}) });
    run.state.unrecognised = 0;
    frame.outcome = undefined;
    return run.moveTo(frame, topic, index, node.next);
  }
  if (node.kind === 'action' && result.kind === 'action') {
    if (result.ok) {
      if (node.output) assign(node.output, result.output as Value, frame, run.state);
      return run.moveTo(frame, topic, index, node.next);
    }
    frame.outcome = 'action-failed';
    run.state.error = result.error;
    if (node.onError) return run.moveTo(frame, topic, index, node.onError);
    throw new TopicRuntimeError(`action ${node.action} failed: ${result.error}`);
  }
  throw new TopicRuntimeError(`a ${result.kind} result arrived for a ${node.kind} node`);
}

/** The version the customer named among those offered ("2025", "the 2024 one"). */
function pickVersion(versions: readonly string[], text: string): string | undefined {
  const said = text.trim().toLowerCase();
  const exact = versions.find((v) => v.toLowerCase() === said);
  if (exact) return exact;
  const words = said.split(/[^\p{L}\p{N}.]+/u);
  const named = versions.filter((v) => words.includes(v.toLowerCase()));
  return named.length === 1 ? named[0] : undefined;
}

/** The customer named their version: remember it for the rest of the conversation and search again with it. */
function searchAgain(run: Run, frame: Frame, query: string, version: string): void {
  run.state.global['productVersion'] = version;
  const topic = run.library.get(frame.topic);
  const node = topic?.nodes[findNode(topic, frame.node)];
  frame.waiting = { kind: 'effect' };
  const effect = node?.kind === 'knowledge' ? run.knowledgeEffect(node, frame, version) : { kind: 'knowledge' as const, query, version };
  run.emit({ kind: 'effect', effect: { ...effect, query } });
}

function withCitations(answer: KnowledgeAnswer): string {
  if (answer.citations.length === 0) return answer.text;
  const sources = answer.citations.map((c, i) => {
    const title = escapeMarkdown(c.title) + (c.version ? ` (${escapeMarkdown(c.version)})` : '');
    // encodeURIComponent leaves ( and ) alone, and an unbalanced ) would end the link early.
    const cited = c.url ? `[${title}](${c.url.replace(/[()\s]/g, (ch) => (ch === '(' ? '%28' : ch === ')' ? '%29' : encodeURIComponent(ch)))})` : title;
    return answer.citations.length > 1 ? `${i + 1}. ${cited}` : cited;
  });
  return sources.length > 1 ? `${answer.text}\n\nSources:\n${sources.join('\n')}` : `${answer.text}\n\nSource: ${sources[0]}`;
}

/** Anything that went wrong in the topics: tell the customer through On Error, never leave them hanging. */
function onError(run: Run, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const { state } = run;
  const inOnError = state.stack.some((f) => run.library.get(f.topic)?.system === 'on-error');
  run.emit({ kind: 'trace', event: 'error', topic: run.top?.topic ?? '', detail: message });
  if (error instanceof TopicRuntimeError && error.loop) run.dropMessages();
  run.freshBudget();
  state.stack = [];
  state.suspended = undefined;
  state.error = message;
  try {
    if (inOnError || !run.startSystem('on-error')) throw new TopicRuntimeError('no usable On Error topic');
    run.continue();
  } catch {
    state.stack = [];
    run.emit({ kind: 'say', text: 'Sorry, something went wrong on my side.' });
  }
}
