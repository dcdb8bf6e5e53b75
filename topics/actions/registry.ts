import type { Value } from '../expressions/evaluate.ts';
import type { EffectResult } from '../runtime/types.ts';

/** Something a topic's `action` node can call: a name, and a function of its text inputs. */
export interface Action {
  readonly name: string;
  readonly description: string;
  /** Resolves with what the node stores in its `output` variable; rejects when the action failed. */
  run(inputs: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Value>;
}

export interface ActionRegistryOptions {
  /** Longest an action may take before the topic takes its error branch. */
  readonly timeoutMs: number;
}

/** The named actions topics may call. Registering a name twice is a programming error and throws. */
export class ActionRegistry {
  readonly #actions = new Map<string, Action>();

  constructor(private readonly o: ActionRegistryOptions) {}

  register(action: Action): this {
    if (this.#actions.has(action.name)) throw new Error(`action '${action.name}' is registered twice`);
    this.#actions.set(action.name, action);
    return this;
  }

  names(): string[] {
    return [...this.#actions.keys()].sort();
  }

  /** Runs an action for the topic runtime: never rejects; failures (unknown, timeout, error) become results. */
  async run(name: string, inputs: Readonly<Record<string, string>>): Promise<EffectResult> {
    const action = this.#actions.get(name);
    if (!action) return { kind: 'action', ok: false, error: `no action named '${name}'` };
    const signal = AbortSignal.timeout(this.o.timeoutMs);
    try {
      const output = await Promise.race([action.run(inputs, signal), aborted(signal)]);
      return { kind: 'action', ok: true, output };
    } catch (error) {
      const message = signal.aborted ? `timed out after ${this.o.timeoutMs} ms` : (error as Error).message;
      return { kind: 'action', ok: false, error: `${name}: ${message}` };
    }
  }
}

/** Rejects when `signal` aborts, so an action that ignores its signal still cannot hold a turn up. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
}
