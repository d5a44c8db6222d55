// loop-projector: issue 5's projector throughput, from a backlog. With the projector stopped,
// `--backlog` deposits are appended straight to the event store (as bench/store.ts appends,
// ten per commit, on the loop's accounts with their true revisions and balances); the relay
// puts them on Kafka; then the projector starts and catches up, and GET /projections tells when
// each projection has applied them all. Timed from a projection's first progress to its last
// event, so the process start and the consumer groups' join are not in the rate (noted apart).
// Baselines, the projection compared with the slower of them: a bare consumer of the same topic,
// timed the same way (raw-kafka-drain, loop-kafka.ts), and the summary's rows of the backlog in
// the projector's own batches written with pg alone (raw-bulk-upsert, loop-upsert.ts).
import { accountProjectionNames } from '@ledger/projections/accounts';
import { DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY } from '@ledger/messaging';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { metric } from './command-api-process';
import type { BenchContext } from './context';
import { appendBacklog, checkReadModels, perCommit, projectionReports, type ProjectionReport } from './loop-backlog';
import { pipelineCounters } from './loop-metrics';
import { kafkaDrain } from './loop-kafka';
import { appUsage, loopRow, type LoopSession } from './loop-session';
import type { AppSample } from './loop-system';
import { batchesAfter, rawBulkUpsert } from './loop-upsert';
import { latencySummary, type MeasuredRow, type SelfMeasuredScenario } from './measure';
import { RawSummaryTable } from './raw-summary';
import { fixed } from './report';

const drainBaseline = 'raw-kafka-drain';
const upsertBaseline = 'raw-bulk-upsert';

export function loopProjectorScenario(context: BenchContext, session: () => Promise<LoopSession>): SelfMeasuredScenario {
  const { backlog } = context.options;
  return {
    name: 'loop-projector',
    description: `${backlog} deposits appended while the projector is stopped, then its catch-up`,
    layer: 'loop',
    clients: 1,
    run: async () => {
      const loop = await session();
      const { system } = loop;
      await system.stop('projector');
      const appending = performance.now();
      const head = await appendBacklog(context, system.env['EVENT_STORE_SCHEMA'] ?? '', loop.accounts, backlog);
      const appended = performance.now();
      const relayed = async (): Promise<boolean> => metric(await (await fetch(`${system.url('event-relay')}/metrics`)).text(), 'ledger_relay_checkpoint_position') >= Number(head);
      for (const deadline = appended + 120_000; !(await relayed()); await sleep(20)) if (performance.now() > deadline) throw new Error('the relay did not publish the backlog in 120 s');
      const onKafka = performance.now();

      const topic = `${system.prefix}.account`;
      const drain = await kafkaDrain(system.kafka, system.prefix, topic);
      // The projector's one group, `<prefix>.projector` (apps/projector create-projector.ts).
      const replayed = await batchesAfter(system.kafka, `${system.prefix}.projector`, `${system.prefix}.bench-replay`, topic);
      const upsertPool = new Pool({ connectionString: context.databaseUrl, max: DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY });
      const upsert = await (async () => {
        const table = new RawSummaryTable(upsertPool, context.schema, 'raw_bulk_upsert');
        await table.prepare(loop.accounts);
        return rawBulkUpsert(upsertPool, table, replayed, DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY);
      })().finally(() => upsertPool.end());

      const starting = performance.now();
      await system.start('projector');
      // Per projection: when its consumer joined (state running, or events handled), with how
      // many events handled by then, and when it had handled the whole backlog.
      const progress = new Map<string, { joined: number; handledThen: number; done?: number }>();
      let cpuAtJoin: AppSample | undefined;
      let last: ProjectionReport[] = [];
      const polls: number[] = [];
      for (const deadline = starting + 300_000; progress.size < accountProjectionNames.length || [...progress.values()].some((entry) => entry.done === undefined); await sleep(25)) {
        if (performance.now() > deadline) throw new Error(`the projector did not catch up in 300 s: ${JSON.stringify(last)}`);
        const now = performance.now();
        last = (await projectionReports(system.url('projector'), context.tokens.operator)) ?? last;
        polls.push(performance.now() - now);
        // The backlog is deposits: the projections of the account topic (a transfer projection has nothing to do).
        for (const report of last.filter((entry) => (accountProjectionNames as readonly string[]).includes(entry.name))) {
          const handled = report.applied + report.duplicates;
          let entry = progress.get(report.name);
          if (entry === undefined && (report.state === 'running' || handled > 0)) {
            cpuAtJoin ??= (await system.sample(['projector'])).projector;
            entry = { joined: now, handledThen: handled };
            progress.set(report.name, entry);
          }
          if (entry !== undefined && entry.done === undefined && handled >= backlog) entry.done = now;
        }
      }
      const cpuAtDone = (await system.sample(['projector'])).projector;
      const caughtUp = performance.now();

      const entries = [...progress.entries()];
      const joinedAt = Math.min(...entries.map(([, entry]) => entry.joined));
      const doneAt = Math.max(...entries.map(([, entry]) => entry.done ?? Number.NaN));
      const usage = appUsage({ projector: cpuAtJoin }, { projector: cpuAtDone }, (caughtUp - joinedAt) / 1000);
      // The projection can be no faster than its slower floor: consuming the topic, or writing the rows.
      const slower = upsert.events / upsert.seconds < drain.events / drain.seconds ? upsertBaseline : drainBaseline;
      const compareWith = { baseline: slower, by: 'ops/s' as const };
      const row = (name: string, description: string, events: number, seconds: number): MeasuredRow =>
        loopRow({ name, description, clients: 1, ops: events, seconds, opsPerSecond: events / seconds, compareWith, ...usage });
      const rows: MeasuredRow[] = [
        loopRow({ name: drainBaseline, description: 'baseline: a bare consumer (projector settings, offsets committed, nothing written) reads the account topic from its start', clients: 1, ops: drain.events, seconds: drain.seconds, opsPerSecond: drain.events / drain.seconds }),
        loopRow({
          name: upsertBaseline,
          description: `baseline: account-summary's rows of the backlog (one per account per batch) in the projector's ${replayed.length} batches, one pg upsert each (unnest, own transaction), ${DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY} partitions at a time, into a bare table`,
          clients: DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
          ops: upsert.events,
          seconds: upsert.seconds,
          opsPerSecond: upsert.events / upsert.seconds,
        }),
        ...entries.map(([name, entry]) =>
          row(`loop-projector-${name}`, `${name}: backlog events applied per second, group joined → all applied (three projections at once)`, backlog - entry.handledThen, ((entry.done ?? Number.NaN) - entry.joined) / 1000),
        ),
        row('loop-projector-all', 'backlog events in all three read models per second: first join → last projection done (×3 applications)', backlog, (doneAt - joinedAt) / 1000),
      ];

      const checked = await checkReadModels(loop, last, 'loop-projector');
      const summary = (await pipelineCounters(system)).projections['account-summary'];
      const unmeasured = entries.filter(([, entry]) => entry.handledThen >= backlog || entry.done === entry.joined).map(([name]) => name);
      const notes = [
        ...(unmeasured.length === 0 ? [] : [`loop-projector: NO RATE for ${unmeasured.join(', ')}: the whole backlog was applied by the first progress report; use a larger --backlog`]),
        `loop-projector: backlog of ${backlog} appended in ${fixed((appended - appending) / 1000, 1)} s (${perCommit} per commit, ${context.clients} writers); relay had it all on Kafka ${fixed((onKafka - appended) / 1000, 1)} s after the last append`,
        `loop-projector: projector started → first group joined ${fixed((joinedAt - starting) / 1000, 1)} s (process start, join) → all caught up ${fixed((caughtUp - starting) / 1000, 1)} s: ${fixed(backlog / ((caughtUp - starting) / 1000))} events/s from a cold start; ${entries.map(([name, entry]) => `${name} had ${entry.handledThen} at join`).join(', ')}`,
        `loop-projector: progress read from GET /projections every 25 ms (each took p50 ${fixed(latencySummary(polls).p50Ms)} ms, max ${fixed(latencySummary(polls).maxMs)} ms): the resolution of the times above`,
        `loop-projector: raw-bulk-upsert replayed ${replayed.length} batches of ${fixed(upsert.events / replayed.length, 1)} events (${fixed(upsert.rows / replayed.length, 1)} rows each), read from Kafka with the projector's settings from account-summary's committed offsets; the projector applied account-summary in ${summary?.batches ?? '?'} batches of ${fixed((summary?.applied ?? Number.NaN) / (summary?.batches ?? Number.NaN), 1)} events, ${fixed((1_000 * (summary?.seconds ?? Number.NaN)) / (summary?.batches ?? Number.NaN))} ms each (apply + commit; raw-bulk-upsert ≈ ${fixed((1_000 * upsert.seconds * DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY) / replayed.length, 1)} ms each)`,
        checked,
      ];
      return { rows, notes };
    },
  };
}
