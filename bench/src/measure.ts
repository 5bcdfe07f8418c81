import { Bench } from 'tinybench';

/** Timings in milliseconds. */
export interface Timing {
  readonly median: number;
  readonly p95: number;
  readonly mean: number;
  readonly min: number;
  readonly samples: number;
}

export interface TimedTask {
  readonly name: string;
  readonly fn: () => unknown;
  /** true when fn returns a promise (handle(), fetch()); set explicitly so tinybench never probes. */
  readonly async: boolean;
}

/** How long tinybench samples each task, per round. */
export interface Budget {
  /** Milliseconds of measured calls per task and round (tinybench `time`). */
  readonly time: number;
  /** At least this many measured calls per task and round (tinybench `iterations`). */
  readonly iterations: number;
  readonly warmupTime: number;
  readonly warmupIterations: number;
  /**
   * Rounds: tasks are measured one after the other in each round, in reversed order every other
   * round, and their samples pooled, so a machine that drifts affects product and baseline alike.
   */
  readonly rounds: number;
}

/** The p-th percentile (0..100) of sorted samples, interpolated linearly. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low]!;
  const b = sorted[high]!;
  return a + (b - a) * (rank - low);
}

export function summarize(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((x, y) => x - y);
  return {
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    min: sorted[0] ?? NaN,
    samples: sorted.length,
  };
}

/**
 * Times each task with tinybench (warm-up, then repeated samples; hrtime clock) over
 * `budget.rounds` rounds and returns the median and p95 of every task's pooled samples.
 */
export async function measure(tasks: readonly TimedTask[], budget: Budget): Promise<Map<string, Timing>> {
  const pooled = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < budget.rounds; round++) {
    const bench = new Bench({
      time: budget.time,
      iterations: budget.iterations,
      warmupTime: budget.warmupTime,
      warmupIterations: budget.warmupIterations,
      retainSamples: true,
      timestampProvider: 'hrtimeNow',
      throws: true,
    });
    const ordered = round % 2 === 0 ? tasks : [...tasks].reverse();
    for (const task of ordered) bench.add(task.name, task.fn as () => void, { async: task.async });
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== 'completed') {
        const reason = result.state === 'errored' ? `: ${result.error.message}` : '';
        throw new Error(`bench task '${task.name}' did not complete (${result.state})${reason}`);
      }
      const samples = result.latency.samples;
      if (!samples) throw new Error(`bench task '${task.name}' kept no samples`);
      const into = pooled.get(task.name)!;
      for (const sample of samples) into.push(sample);
    }
  }
  return new Map([...pooled].map(([name, samples]) => [name, summarize(samples)]));
}
