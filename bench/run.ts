// `npm run bench -- [--quick] [--duration 5] [--clients 16] [--only raw,store,api,loop,...]`
// Every stage of the ledger against a raw baseline of the same work measured in the same run
// (README "Benchmarks"), and the store against Emmett's: the rows, then the goals as
// ratios of them (goals.ts). Figures, not pass/fail: a goal short of its target is reported,
// never an error.
import { requestDevelopmentToken } from '@ledger/platform/development-token';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { apiLayer } from './api';
import { parseArgs, usage, UsageError, type BenchOptions } from './args';
import type { BenchContext } from './context';
import { emmettLayer } from './emmett';
import { loopLayer } from './loop';
import { measure, selfBaselinedLayers, type Layer, type LayerName, type MeasuredRow, type Scenario } from './measure';
import { queryLayer } from './query';
import { baselineName, rawLayer } from './raw';
import { clusterLayer } from './cluster';
import { evaluateGoals, goalDefinitions } from './goals';
import {
  defaultResultsDirectory,
  describeEnvironment,
  formatEnvironment,
  formatGoalTable,
  formatLine,
  formatPeaks,
  formatNotes,
  formatTable,
  processPeaks,
  withRatios,
  writeResults,
  type ScenarioResult,
} from './report';
import { stackUp } from './stack';
import { rebuildLayer } from './rebuild';
import { storeLayer } from './store';

const say = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

/**
 * The chosen scenarios, plus what their ratios divide by: the raw INSERT at each concurrency of
 * the append layers, a row's own baseline, and the baselines of the goals they are part of.
 */
function select(all: readonly Scenario[], only: readonly string[], clients: number): Scenario[] {
  const matches = (scenario: Scenario, term: string): boolean =>
    (term === 'append' && !selfBaselinedLayers.includes(scenario.layer)) || term === scenario.layer || scenario.name.includes(term);
  const chosen = all.filter((scenario) => only.length === 0 || only.some((term) => matches(scenario, term)));
  const goals = goalDefinitions(clients);
  const baselines = new Set(
    chosen.flatMap((scenario) => [
      ...(selfBaselinedLayers.includes(scenario.layer) ? [] : [baselineName(scenario.clients)]),
      ...(scenario.compareWith === undefined ? [] : [scenario.compareWith.baseline]),
      ...goals.filter((goal) => goal.numerators.includes(scenario.name)).flatMap((goal) => goal.baselines),
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
    issuer: stack.issuer,
    tokens: {
      teller: { authorization: `Bearer ${await requestDevelopmentToken(stack.issuer, { subject: 'bench-teller', roles: ['teller'] })}` },
      operator: { authorization: `Bearer ${await requestDevelopmentToken(stack.issuer, { subject: 'bench-operator', roles: ['operator'] })}` },
    },
    schema: `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    clients: options.clients,
    options,
  };
  await onSchema(context.databaseUrl, `CREATE SCHEMA "${context.schema}"`);
  cleanups.push(() => onSchema(context.databaseUrl, `DROP SCHEMA IF EXISTS "${context.schema}" CASCADE`));
  const layers: Layer[] = [rawLayer(context), storeLayer(context), emmettLayer(context), apiLayer(context), queryLayer(context), loopLayer(context), rebuildLayer(context), clusterLayer(context)];
  // Closed before the schema is dropped (cleanups run last-in, first-out).
  cleanups.push(async () => {
    for (const layer of [...layers].reverse()) await layer.close();
  });

  const scenarios = select(
    layers.flatMap((layer) => layer.scenarios),
    options.only,
    options.clients,
  );
  if (scenarios.length === 0) throw new UsageError(`no scenario matches --only ${options.only.join(',')}`);
  // What this run started and the chosen scenarios do not need is stopped before measuring.
  const uses = (layer: string) => scenarios.some((scenario) => scenario.layer === layer);
  // The query API checks MongoDB in its /health, so it needs FerretDB even for its SQL lookup.
  stack.release(uses('loop') || uses('cluster') ? ['postgres', 'kafka', 'ferretdb'] : uses('rebuild') || uses('query') ? ['postgres', 'ferretdb'] : ['postgres']);
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
  const goals = evaluateGoals(options.clients, measured);
  const legend = legendOf(results, environment.cpus);
  console.log(`\n${formatTable(results)}\n\n${legend.join('\n')}`);
  if (notes.length > 0) console.log(`\n${formatNotes(notes)}`);
  const peaks = processPeaks(results);
  console.log(formatPeaks(peaks));
  console.log(`\n${formatGoalTable(goals)}`);
  const files = writeResults(options.out ?? defaultResultsDirectory, { environment, goals, results, peaks, notes, legend });
  say(`results written to ${files.join(' and ')}`);
}

/** What the table's columns mean for the rows of this run. */
function legendOf(results: readonly ScenarioResult[], cpus: number): string[] {
  const has = (layer: LayerName): boolean => results.some((result) => result.layer === layer);
  return [
    ...(results.some((result) => result.baseline !== undefined && result.baseline === baselineName(result.clients))
      ? ['vs baseline (raw, store, emmett, api rows) = ops/s ÷ ops/s of the raw INSERT baseline at the same concurrency, unless the row names its own baseline']
      : []),
    ...(has('loop') ? ['loop rows: "× p50" = p50 lag ÷ p50 of raw-kafka-roundtrip; loop-relay and loop-projector rows = events/s ÷ events/s of their slower raw baseline'] : []),
    `CPU % = CPU time ÷ wall time of the measured phase (100 = one core; this machine has ${cpus})`,
    'bench RSS/heap = peak of this process (load generator, pools) during the scenario; server = the process under test (command API, query API, bare Fastify) at its end',
    ...(has('loop') ? ['loop rows: server CPU = the apps of the scenario together; server memory = each app\'s RSS in MB; the stores (PostgreSQL, Kafka, FerretDB) are not counted'] : []),
    ...(has('rebuild') ? ['rebuild rows: events/s ÷ events/s of raw-keyset-read (the same events table, read in pages with pg, in this run)'] : []),
    ...(has('cluster') ? ['cluster rows: ops/s ÷ ops/s of the row named (straight to one instance, or one instance of each app for the 2x rows); the notes say where the CPU went'] : []),
  ];
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
