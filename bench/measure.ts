// The load driver: N closed-loop clients each run one operation after another, first for the
// warm-up (not recorded), then for the measured duration. Scenarios that are not closed loops
// (the full loop's open-loop load and backlog drain) measure themselves.
import { performance } from 'node:perf_hooks';

export type LayerName = 'raw' | 'store' | 'emmett' | 'api' | 'query' | 'loop' | 'rebuild' | 'cluster';

/** Layers whose scenarios measure their own baselines (not the raw INSERT). */
export const selfBaselinedLayers: readonly LayerName[] = ['query', 'loop', 'rebuild', 'cluster'];

interface ScenarioBase {
  /** Stable id, e.g. `api-16-one-account`; the JSON results are keyed by it. */
  readonly name: string;
  readonly description: string;
  readonly layer: LayerName;
  readonly clients: number;
  /** Without it, the raw INSERT baseline at the same concurrency (raw, store and api scenarios). */
  readonly compareWith?: Comparison;
}

/** How a row compares with its baseline: throughput (ops/s ÷ ops/s) or latency (p50 ÷ p50). */
export interface Comparison {
  readonly baseline: string;
  readonly by: 'ops/s' | 'p50';
}

/** One printed row of a self-measured scenario (its baselines are rows too). */
export interface MeasuredRow extends Measurement {
  readonly name: string;
  readonly description: string;
  readonly layer: LayerName;
  readonly clients: number;
  /** Without it, the raw INSERT baseline at the same concurrency (raw, store and api rows). */
  readonly compareWith?: Comparison;
  /** Per app of the full loop: CPU over the measured phase (100 = one core), memory at its end. */
  readonly apps?: Readonly<Record<string, AppUsage>>;
}

export interface AppUsage {
  readonly cpuPercent: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

/** Runs its own warm-up and measurement and returns its rows, baselines included, and notes to print. */
export interface SelfMeasuredScenario extends ScenarioBase {
  run(timing: { readonly warmupMs: number; readonly durationMs: number }): Promise<{ rows: MeasuredRow[]; notes: string[] }>;
}

export type Scenario = ClosedLoopScenario | SelfMeasuredScenario;

export interface ClosedLoopScenario extends ScenarioBase {
  /** Unmeasured preparation (tables, accounts, streams), once before the warm-up. */
  setUp(): Promise<void>;
  /** One operation of client `client` (0-based); rejects when it did not succeed. */
  op(client: number): Promise<void>;
  /** The server under test when it is another process (the command API). */
  readonly server?: ServerProbe;
}

export interface ServerProbe {
  /** CPU time (user + system) the process used so far, in seconds; NaN when unknown. */
  cpuSeconds(): number;
  /** Resident set size and V8 heap used now, and the peak resident set size so far. */
  memory(): Promise<{ rssMb: number; heapUsedMb: number; peakRssMb: number }>;
}

/** The scenarios of one layer and what to release once they all ran. */
export interface Layer {
  readonly scenarios: readonly Scenario[];
  /** Slow preparation (e.g. a build) before anything is measured, when a scenario of it runs. */
  prepare?(): Promise<void>;
  close(): Promise<void>;
}

export interface Measurement {
  readonly ops: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly seconds: number;
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Highest resident set size and V8 heap used of this process while the scenario ran. */
  readonly peakRssMb: number;
  readonly peakHeapUsedMb: number;
  /** CPU used by this process during the measured phase; 100 = one core busy. */
  readonly benchCpuPercent: number;
  /** The server process (api scenarios only): CPU over the measured phase, memory at its end. */
  readonly server: (Awaited<ReturnType<ServerProbe['memory']>> & { cpuPercent: number }) | undefined;
}

interface Drive {
  ops: number;
  errors: number;
  firstError: string | undefined;
  seconds: number;
}

/**
 * `clients` clients running `op` back to back for `milliseconds` (a closed loop), each
 * completed op's latency pushed to `latencies` when given.
 */
export async function driveClients(clients: number, milliseconds: number, op: (client: number) => Promise<void>, latencies?: number[]): Promise<Drive> {
  const result: Drive = { ops: 0, errors: 0, firstError: undefined, seconds: 0 };
  const began = performance.now();
  const deadline = began + milliseconds;
  const client = async (index: number): Promise<void> => {
    while (performance.now() < deadline) {
      const start = performance.now();
      try {
        await op(index);
        latencies?.push(performance.now() - start);
        result.ops += 1;
      } catch (error) {
        result.errors += 1;
        result.firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
  result.seconds = (performance.now() - began) / 1000;
  return result;
}

function drive(scenario: ClosedLoopScenario, milliseconds: number, latencies: number[] | undefined): Promise<Drive> {
  return driveClients(scenario.clients, milliseconds, (client) => scenario.op(client), latencies);
}

/** Samples memory every 100 ms; `stop` returns the peaks in MB. */
export function memoryPeaks(): { stop(): { rss: number; heapUsed: number } } {
  let rss = 0;
  let heapUsed = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heapUsed = Math.max(heapUsed, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { rss: rss / 2 ** 20, heapUsed: heapUsed / 2 ** 20 };
    },
  };
}

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
}

/** p50, p95, p99 and max of latencies in ms (NaN when there are none). */
/** A row of a self-measured scenario: what it did not measure is NaN (printed as '-'). */
export function selfMeasuredRow(layer: LayerName, fields: Pick<MeasuredRow, 'name' | 'description' | 'clients'> & Partial<MeasuredRow>): MeasuredRow {
  const unknown = Number.NaN;
  return {
    layer,
    ops: 0,
    errors: 0,
    firstError: undefined,
    seconds: unknown,
    opsPerSecond: unknown,
    p50Ms: unknown,
    p95Ms: unknown,
    p99Ms: unknown,
    maxMs: unknown,
    peakRssMb: unknown,
    peakHeapUsedMb: unknown,
    benchCpuPercent: unknown,
    server: undefined,
    ...fields,
  };
}

/** What a closed-loop run of clients gives every row: counts, rate and latency percentiles. */
export function runFigures(run: Drive, latencies: readonly number[]): Pick<Measurement, 'ops' | 'errors' | 'firstError' | 'seconds' | 'opsPerSecond' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'maxMs'> {
  return { ops: run.ops, errors: run.errors, firstError: run.firstError, seconds: run.seconds, opsPerSecond: run.ops / run.seconds, ...latencySummary(latencies) };
}

export function latencySummary(latencies: readonly number[]): Pick<Measurement, 'p50Ms' | 'p95Ms' | 'p99Ms' | 'maxMs'> {
  const sorted = Float64Array.from(latencies).sort();
  return {
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] ?? Number.NaN),
  };
}

export async function measure(scenario: ClosedLoopScenario, warmupMs: number, durationMs: number): Promise<Measurement> {
  await scenario.setUp();
  if (warmupMs > 0) await drive(scenario, warmupMs, undefined);
  const latencies: number[] = [];
  const memory = memoryPeaks();
  const cpu = process.cpuUsage();
  const serverCpu = scenario.server?.cpuSeconds();
  const run = await drive(scenario, durationMs, latencies);
  const serverCpuSeconds = (scenario.server?.cpuSeconds() ?? Number.NaN) - (serverCpu ?? Number.NaN);
  const benchCpu = process.cpuUsage(cpu);
  const peaks = memory.stop();
  const server = scenario.server === undefined ? undefined : { ...(await scenario.server.memory()), cpuPercent: (100 * serverCpuSeconds) / run.seconds };
  return {
    ...runFigures(run, latencies),
    peakRssMb: peaks.rss,
    peakHeapUsedMb: peaks.heapUsed,
    benchCpuPercent: (benchCpu.user + benchCpu.system) / 1e4 / run.seconds,
    server,
  };
}
