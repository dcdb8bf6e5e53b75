/**
 * A turn runs through small steps, each `(turn, next)`: a step may act before and after the rest, or stop the
 * chain by not calling `next` (botbuilder's middleware set, hono's compose).
 */
export type Step<T> = (turn: T, next: () => Promise<void>) => Promise<void>;

export function compose<T>(steps: readonly Step<T>[]): (turn: T) => Promise<void> {
  return (turn) => {
    let last = -1;
    const run = async (i: number): Promise<void> => {
      if (i <= last) throw new Error('a pipeline step called next() twice');
      last = i;
      const step = steps[i];
      if (step) await step(turn, () => run(i + 1));
    };
    return run(0);
  };
}
