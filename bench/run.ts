// `npm run bench -- [--duration 5] [--warmup 1] [--clients 16] [--only raw,store,api,loop,...]`
// Append rates of the ledger, each layer against a raw PostgreSQL baseline measured in the
// same run (README "Performance is measured, not guessed"), and the full loop's lag and
// projector throughput against raw Kafka baselines. Figures, not pass/fail.
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { apiLayer } from './api';
import { parseArgs, usage, UsageError, type BenchOptions } from './args';
import type { BenchContext } from './context';
import { loopLayer } from './loop';
import { measure, selfBaselinedLayers, type Layer, type MeasuredRow, type Scenario } from './measure';
import { baselineName, rawLayer } from './raw';
import {
  describeEnvironment,
  formatEnvironment,
  formatLine,
  formatPeaks,
  formatNotes,
  formatTable,
  processPeaks,
  withRatios,
  writeResults,
} from './report';
import { stackUp } from './stack';
import { rebuildLayer } from './rebuild';
import { storeLayer } from './store';

const say = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/**
 * The chosen scenarios, plus the raw INSERT baseline at each concurrency of the append layers
 * (for the ratios; the loop's scenarios measure their own baselines).
 */
function select(all: readonly Scenario[], only: readonly string[]): Scenario[] {
  const matches = (scenario: Scenario, term: string): boolean =>
    (term === 'append' && !selfBaselinedLayers.includes(scenario.layer)) || term === scenario.layer || scenario.name.includes(term);
  const chosen = all.filter((scenario) => only.length === 0 || only.some((term) => matches(scenario, term)));
  const baselines = new Set(
    chosen.flatMap((scenario) => [
      ...(selfBaselinedLayers.includes(scenario.layer) ? [] : [baselineName(scenario.clients)]),
      ...(scenario.compareWith === undefined ? [] : [scenario.compareWith.baseline]),
    ]),
  );
  return all.filter((scenario) => chosen.includes(scenario) || baselines.has(scenario.name));
}

async function onSchema(databaseUrl: string, sql: string): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(sql);
  } finally {
    await pool.end();
  }
}

async function bench(options: BenchOptions, cleanups: (() => Promise<void> | void)[]): Promise<void> {
  const stack = stackUp();
  cleanups.push(() => stack.stop());
  const context: BenchContext = {
    databaseUrl: stack.databaseUrl,
    kafkaBrokers: stack.kafkaBrokers,
    mongodbUrl: stack.mongodbUrl,
    schema: `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    clients: options.clients,
    options,
  };
  await onSchema(context.databaseUrl, `CREATE SCHEMA "${context.schema}"`);
  cleanups.push(() => onSchema(context.databaseUrl, `DROP SCHEMA IF EXISTS "${context.schema}" CASCADE`));
  const layers: Layer[] = [rawLayer(context), storeLayer(context), apiLayer(context), loopLayer(context), rebuildLayer(context)];
  // Closed before the schema is dropped (cleanups run last-in, first-out).
  cleanups.push(async () => {
    for (const layer of [...layers].reverse()) await layer.close();
  });

  const scenarios = select(
    layers.flatMap((layer) => layer.scenarios),
    options.only,
  );
  if (scenarios.length === 0) throw new UsageError(`no scenario matches --only ${options.only.join(',')}`);
  // What this run started and the chosen scenarios do not need is stopped before measuring.
  const uses = (layer: string) => scenarios.some((scenario) => scenario.layer === layer);
  stack.release(uses('loop') ? ['postgres', 'kafka', 'ferretdb'] : uses('rebuild') ? ['postgres', 'ferretdb'] : ['postgres']);
  for (const layer of layers) {
    if (layer.prepare !== undefined && layer.scenarios.some((scenario) => scenarios.includes(scenario))) await layer.prepare();
  }
  const environment = await describeEnvironment(context.databaseUrl, context.schema, options);
  console.log(formatEnvironment(environment));
  say(`${scenarios.length} scenarios: ${scenarios.map((scenario) => scenario.name).join(', ')}`);

  const measured: MeasuredRow[] = [];
  const notes: string[] = [];
  const timing = { warmupMs: options.warmupSeconds * 1000, durationMs: options.durationSeconds * 1000 };
  for (const scenario of scenarios) {
    say(`${scenario.name}: ${scenario.description}`);
    const { name, description, layer, clients, compareWith } = scenario;
    const outcome =
      'run' in scenario
        ? await scenario.run(timing)
        : {
            rows: [{ name, description, layer, clients, ...(compareWith === undefined ? {} : { compareWith }), ...(await measure(scenario, timing.warmupMs, timing.durationMs)) }],
            notes: [],
          };
    measured.push(...outcome.rows);
    notes.push(...outcome.notes);
    for (const row of outcome.rows) console.log(formatLine(row));
  }

  const results = withRatios(measured);
  const loop = results.some((result) => result.layer === 'loop');
  console.log(`\n${formatTable(results)}`);
  if (results.some((result) => !selfBaselinedLayers.includes(result.layer))) {
    console.log(`\nvs raw = ops/s ÷ ops/s of the raw INSERT baseline at the same concurrency, measured in this run`);
  }
  if (loop) console.log('  loop rows: "× p50" = p50 lag ÷ p50 of raw-kafka-roundtrip; loop-projector rows = events/s ÷ events/s of raw-kafka-drain');
  console.log(`CPU % = CPU time ÷ wall time of the measured phase (100 = one core; this machine has ${environment.cpus})`);
  console.log('bench RSS/heap = peak of this process (load generator, pools) during the scenario; API = the command API process at its end');
  if (loop) console.log('  loop rows: API = the four apps together (loop-lag) or the projector (loop-projector); the stores are not counted');
  if (results.some((result) => result.layer === 'rebuild')) console.log('  rebuild rows: events/s ÷ events/s of raw-keyset-read (the same events table, read in pages with pg, in this run)');
  if (notes.length > 0) console.log(`\n${formatNotes(notes)}`);
  const peaks = processPeaks(results);
  console.log(formatPeaks(peaks));
  const file = writeResults(environment, peaks, results, notes);
  say(`results written to ${file}`);
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  const cleanups: (() => Promise<void> | void)[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = (): Promise<void> =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          say(`clean-up failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })());
  process.once('SIGINT', () => {
    say('interrupted: cleaning up…');
    void cleanUp().finally(() => process.exit(130));
  });
  try {
    await bench(options, cleanups);
    return 0;
  } finally {
    await cleanUp();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`bench: ${error.message}\n${usage}\n`);
    else process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
