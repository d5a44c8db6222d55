// The printed table and bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { BenchOptions } from './args';
import { selfBaselinedLayers, type Comparison, type MeasuredRow } from './measure';
import { baselineName } from './raw';

export interface ScenarioResult extends Omit<MeasuredRow, 'compareWith'> {
  /** The baseline row (by default the raw scenario at the same concurrency) and this row ÷ it. */
  readonly baseline: string | undefined;
  readonly ratioToBaseline: number | undefined;
  /** `ops/s`: ops/s ÷ the baseline's ops/s; `p50`: p50 latency ÷ the baseline's p50. */
  readonly ratioBy: Comparison['by'] | undefined;
}

export interface Environment {
  readonly startedAt: string;
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly postgres: Record<string, string>;
  readonly schema: string;
  readonly options: BenchOptions;
}

const postgresSettings = ['server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections'];

export async function describeEnvironment(databaseUrl: string, schema: string, options: BenchOptions): Promise<Environment> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ name: string; setting: string }>(
      'SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name',
      [postgresSettings],
    );
    return {
      startedAt: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      postgres: Object.fromEntries(rows.map((row) => [row.name, row.setting])),
      schema,
      options,
    };
  } finally {
    await pool.end();
  }
}

export function withRatios(results: readonly MeasuredRow[]): ScenarioResult[] {
  return results.map(({ compareWith, ...result }) => {
    const comparison = compareWith ?? (selfBaselinedLayers.includes(result.layer) ? undefined : { baseline: baselineName(result.clients), by: 'ops/s' as const });
    const baseline = results.find((other) => other.name === comparison?.baseline);
    const [mine, theirs] = comparison?.by === 'p50' ? [result.p50Ms, baseline?.p50Ms] : [result.opsPerSecond, baseline?.opsPerSecond];
    const ratio = theirs === undefined || theirs === 0 || !Number.isFinite(theirs) || !Number.isFinite(mine) ? undefined : mine / theirs;
    return { ...result, baseline: baseline?.name, ratioToBaseline: ratio, ratioBy: ratio === undefined ? undefined : comparison?.by };
  });
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

export function formatLine(result: MeasuredRow): string {
  const errors = result.errors === 0 ? '' : `, ${result.errors} errors (first: ${result.firstError ?? '?'})`;
  return `${result.name}: ${fixed(result.opsPerSecond, 0)} ops/s, p50 ${fixed(result.p50Ms, 2)} ms, p99 ${fixed(result.p99Ms, 2)} ms, ${result.ops} ops in ${fixed(result.seconds, 1)} s${errors}`;
}

export function formatEnvironment(environment: Environment): string {
  const pg = environment.postgres;
  return [
    `machine: ${environment.cpus} × ${environment.cpuModel}, ${environment.memoryGb} GB, Node ${environment.node}`,
    `postgres: ${pg['server_version'] ?? '?'}, fsync=${pg['fsync'] ?? '?'}, synchronous_commit=${pg['synchronous_commit'] ?? '?'}, wal_sync_method=${pg['wal_sync_method'] ?? '?'}, shared_buffers=${pg['shared_buffers'] ?? '?'}`,
    `run: ${environment.options.durationSeconds} s measured after ${environment.options.warmupSeconds} s warm-up per scenario, schema ${environment.schema}`,
  ].join('\n');
}

export function formatTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'clients', 'ops/s', 'vs raw', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'CPU % bench/API', 'bench RSS/heap MB', 'API RSS/heap MB'];
  const rows = results.map((r) => [
    r.name,
    String(r.clients),
    fixed(r.opsPerSecond, 0),
    r.ratioToBaseline === undefined ? '-' : `${fixed(r.ratioToBaseline, 2)}×${r.ratioBy === 'p50' ? ' p50' : ''}`,
    fixed(r.p50Ms, 2),
    fixed(r.p95Ms, 2),
    fixed(r.p99Ms, 2),
    fixed(r.maxMs, 1),
    String(r.errors),
    `${fixed(r.benchCpuPercent, 0)} / ${r.server === undefined ? '-' : fixed(r.server.cpuPercent, 0)}`,
    `${fixed(r.peakRssMb, 0)} / ${fixed(r.peakHeapUsedMb, 0)}`,
    r.server === undefined ? '-' : `${fixed(r.server.rssMb, 0)} / ${fixed(r.server.heapUsedMb, 0)}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export interface ProcessPeaks {
  /** This process: load generator, pg pools and the direct event store. */
  readonly benchPeakRssMb: number;
  /** The command API process, when the api scenarios ran. */
  readonly apiPeakRssMb: number | undefined;
}

export function processPeaks(results: readonly ScenarioResult[]): ProcessPeaks {
  const api = results.flatMap((result) => (result.server === undefined || result.layer !== 'api' ? [] : [result.server.peakRssMb]));
  return { benchPeakRssMb: process.resourceUsage().maxRSS / 1024, apiPeakRssMb: api.length === 0 ? undefined : Math.max(...api) };
}

export function formatPeaks(peaks: ProcessPeaks): string {
  const api = peaks.apiPeakRssMb === undefined ? '' : `, command API process ${fixed(peaks.apiPeakRssMb, 0)} MB`;
  return `peak RSS: bench process ${fixed(peaks.benchPeakRssMb, 0)} MB${api}`;
}

export function formatNotes(notes: readonly string[]): string {
  return notes.map((note) => `- ${note}`).join('\n');
}

export function writeResults(environment: Environment, peaks: ProcessPeaks, results: readonly ScenarioResult[], notes: readonly string[]): string {
  const directory = join(__dirname, 'results');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'latest.json');
  writeFileSync(file, `${JSON.stringify({ environment, peaks, results, notes }, null, 2)}\n`);
  return file;
}
