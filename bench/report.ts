// The printed table and bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { BenchOptions } from './args';
import { formatGoals, type GoalResult } from './goals';
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

/** A figure for a table or a note: `-` for what was not measured (NaN). */
export const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

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

const tableHeader = ['scenario', 'clients', 'ops/s', 'vs baseline', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'CPU % bench/server', 'bench RSS/heap MB', 'server RSS/heap MB'];

function tableCells(results: readonly ScenarioResult[]): string[][] {
  return results.map((r) => [
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
    serverMemory(r),
  ]);
}

/** The server process's memory, or each app's in the full loop's rows. */
function serverMemory(r: ScenarioResult): string {
  if (r.apps !== undefined) return Object.entries(r.apps).map(([name, app]) => `${name} ${fixed(app.rssMb, 0)}`).join(', ');
  if (r.server !== undefined) return `${fixed(r.server.rssMb, 0)} / ${fixed(r.server.heapUsedMb, 0)}`;
  return '-';
}

/** Columns padded to their widest cell: the first `leftAligned` to the left (text), the rest to the right (figures). */
export function alignedTable(header: readonly string[], rows: readonly (readonly string[])[], leftAligned = 1): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column < leftAligned ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function formatTable(results: readonly ScenarioResult[]): string {
  return alignedTable(tableHeader, tableCells(results));
}

const goalHeader = ['goal', 'what', 'ratio', 'target', '', 'rows'];

export function formatGoalTable(goals: readonly GoalResult[]): string {
  return alignedTable(goalHeader, formatGoals(goals), goalHeader.length);
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

export interface BenchReport {
  readonly environment: Environment;
  readonly goals: readonly GoalResult[];
  readonly results: readonly ScenarioResult[];
  readonly peaks: ProcessPeaks;
  readonly notes: readonly string[];
  /** The printed explanations of the table's columns. */
  readonly legend: readonly string[];
}

export function formatMarkdown(report: BenchReport): string {
  const { environment, goals, results, peaks, notes, legend } = report;
  return [
    `# Ledger benchmark, ${environment.startedAt}`,
    '',
    'Produced by `npm run bench` (bench/run.ts). Every ratio divides rows measured in this run on this machine; absolute figures from another machine or another run are not comparable.',
    '',
    '```text',
    formatEnvironment(environment),
    '```',
    '',
    '## Goals',
    '',
    markdownTable(goalHeader.map((title) => (title === '' ? 'status' : title)), formatGoals(goals)),
    '',
    '## Scenarios',
    '',
    markdownTable(tableHeader, tableCells(results)),
    '',
    ...legend.map((line) => `- ${line.trim()}`),
    `- ${formatPeaks(peaks)}`,
    '',
    '## Scenario descriptions',
    '',
    ...results.map((result) => `- \`${result.name}\`: ${result.description}`),
    '',
    ...(notes.length === 0 ? [] : ['## Notes', '', formatNotes(notes), '']),
  ].join('\n');
}

/** `latest.json` and `latest.md` in `directory`, plus copies named by the run's start. */
export function writeResults(directory: string, report: BenchReport): string[] {
  mkdirSync(directory, { recursive: true });
  const stamp = report.environment.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const markdown = `${formatMarkdown(report)}\n`;
  const files: [string, string][] = [
    [join(directory, 'latest.json'), json],
    [join(directory, 'latest.md'), markdown],
    [join(directory, `${stamp}.json`), json],
    [join(directory, `${stamp}.md`), markdown],
  ];
  for (const [file, text] of files) writeFileSync(file, text);
  return files.slice(0, 2).map(([file]) => file);
}

/** Where results go unless `--out` says otherwise. */
export const defaultResultsDirectory = join(__dirname, 'results');
