import type { YamlIssue, YamlPath } from '../core/yaml.ts';
import { SYSTEM_TOPICS, type SystemTopic, type TopicFile, type TopicNode } from './schema.ts';

/** A validated topic as the runtime uses it: the file's content plus where it came from. */
export interface Topic extends TopicFile {
  /** The file name without extension; also the intent its trigger phrases train. */
  readonly id: string;
  /** The file, relative to the working directory, for messages. */
  readonly file: string;
  /** The topics folder it was read from. */
  readonly folder: string;
  /** Line and column of a path inside the file, for problems found after parsing. */
  locate(path: YamlPath): { line: number; col: number } | undefined;
}

export interface TopicProblem extends YamlIssue {
  /** Errors keep the file (or the rule it breaks) out of service; warnings are advice. */
  readonly severity: 'error' | 'warning';
}

/** The topics in service, looked up by id, by system role and by display name. */
export class TopicLibrary {
  readonly #byId = new Map<string, Topic>();
  readonly #bySystem = new Map<SystemTopic, Topic>();

  constructor(readonly topics: readonly Topic[]) {
    for (const topic of topics) {
      this.#byId.set(topic.id, topic);
      if (topic.system) this.#bySystem.set(topic.system, topic);
    }
  }

  get(id: string): Topic | undefined {
    return this.#byId.get(id);
  }

  /** What a redirect names: a topic id, or a system role ("escalate" finds whichever file has system: escalate). */
  resolve(ref: string): Topic | undefined {
    return this.#byId.get(ref) ?? ((SYSTEM_TOPICS as readonly string[]).includes(ref) ? this.#bySystem.get(ref as SystemTopic) : undefined);
  }

  system(role: SystemTopic): Topic | undefined {
    return this.#bySystem.get(role);
  }

  /** Topics customers can start by what they say: enabled, with trigger phrases. */
  triggerable(): Topic[] {
    return this.topics.filter((t) => t.enabled && t.triggers.length > 0);
  }

  /** What the intent model learns from: each triggerable topic's phrases under its id. */
  intentExamples(): { intent: string; phrases: string[] }[] {
    return this.triggerable().map((t) => ({ intent: t.id, phrases: [...t.triggers] }));
  }

  /** The topic whose display name is exactly `text` (a suggested action the customer clicked). */
  byName(text: string): Topic | undefined {
    const wanted = text.trim().toLowerCase();
    return this.triggerable().find((t) => t.name.toLowerCase() === wanted);
  }
}

/** A node's key inside its topic: its `id`, or `#<index>` for unnamed nodes. */
export function nodeKey(node: TopicNode, index: number): string {
  return node.id ?? `#${index}`;
}
