import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The subset of autocannon's options the bench uses (bench/ has no @types/autocannon). */
export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  /** seconds */
  readonly duration: number;
  /** Send exactly this many requests instead (duration is then ignored). */
  readonly amount?: number;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Requests each connection cycles through (paths relative to `url`). */
  readonly requests?: readonly { method?: string; path: string; headers?: Record<string, string>; body?: string }[];
}

/** What autocannon reports of one run (the members the bench reads). */
export interface RawResult {
  latencies: string;
  '2xx': number;
  totalCompletedRequests: number;
  totalBytes: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

interface Aggregated {
  latency: { average: number };
}

interface Histogram {
  getValueAtPercentile(percentile: number): number;
  add(other: Histogram): void;
  readonly mean: number;
}

type Autocannon = ((options: Record<string, unknown>) => Promise<RawResult>) & {
  aggregateResult(results: RawResult[], options: Record<string, unknown>): Aggregated;
};

const autocannon = require('autocannon') as Autocannon;
// autocannon's own HDR histogram library, to read p95 of the latency histogram it recorded.
const hdr = createRequire(require.resolve('autocannon'))('hdr-histogram-js') as {
  decodeFromCompressedBase64(base64: string, bitBucketSize?: number, useWebAssembly?: boolean): Histogram;
};

export interface LoadResult {
  /** 2xx answers per second over the whole run (total / seconds). */
  readonly requestsPerSecond: number;
  readonly total: number;
  /** Latency, ms (autocannon records whole milliseconds). */
  readonly latencyP50: number;
  readonly latencyP95: number;
  readonly latencyMean: number;
  readonly megabytesPerSecond: number;
  readonly errors: number;
  readonly non2xx: number;
}

function autocannonOptions(options: LoadOptions): Record<string, unknown> {
  return {
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body !== undefined && { body: options.body }),
    ...(options.amount !== undefined && { amount: options.amount }),
    ...(options.requests && { requests: options.requests }),
    skipAggregateResult: true,
  };
}

/** Runs autocannon (in this process) against a server in another process. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const opts = autocannonOptions(options);
  const raw = await autocannon(opts);
  const aggregated = autocannon.aggregateResult([raw], opts);
  const latencies = hdr.decodeFromCompressedBase64(raw.latencies);
  return {
    requestsPerSecond: raw['2xx'] / raw.duration,
    total: raw.totalCompletedRequests,
    latencyP50: latencies.getValueAtPercentile(50),
    latencyP95: latencies.getValueAtPercentile(95),
    latencyMean: aggregated.latency.average,
    megabytesPerSecond: raw.totalBytes / raw.duration / 1e6,
    errors: raw.errors + raw.timeouts,
    non2xx: raw.non2xx,
  };
}

/** autocannon's results of runs made at the same time (one round of a group), to be added up with other rounds. */
export type LoadRound = readonly RawResult[];

/** Runs one autocannon per options at the same time (in this process; e.g. one per server of a group). */
export async function runTogether(all: readonly LoadOptions[]): Promise<LoadRound> {
  return Promise.all(all.map((options) => autocannon(autocannonOptions(options))));
}

/**
 * Adds up rounds of runs: the rate is the mean over the rounds of the sum of each run's 2xx answers
 * per second, the latency percentiles those of all the answers together.
 */
export function summarizeRounds(rounds: readonly LoadRound[]): LoadResult {
  const raws = rounds.flat();
  const latencies = hdr.decodeFromCompressedBase64(raws[0]!.latencies);
  for (const raw of raws.slice(1)) latencies.add(hdr.decodeFromCompressedBase64(raw.latencies));
  const sum = (value: (raw: RawResult) => number) => raws.reduce((total, raw) => total + value(raw), 0);
  return {
    requestsPerSecond: sum((raw) => raw['2xx'] / raw.duration) / rounds.length,
    total: sum((raw) => raw.totalCompletedRequests),
    latencyP50: latencies.getValueAtPercentile(50),
    latencyP95: latencies.getValueAtPercentile(95),
    latencyMean: latencies.mean,
    megabytesPerSecond: sum((raw) => raw.totalBytes / raw.duration / 1e6) / rounds.length,
    errors: sum((raw) => raw.errors + raw.timeouts),
    non2xx: sum((raw) => raw.non2xx),
  };
}
