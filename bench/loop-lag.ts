// loop-lag: issue 5's end-to-end lag, command accepted (201) → visible in the query API, under
// a steady open-loop load of deposits spread over the accounts, for each read model; and, to
// tell where it goes, when the same events reach a bare Kafka consumer.
//
// Baseline: the raw round trip produce → consume → write, measured first in the same run at the
// same rate: a deposit published with the relay's publisher (@ledger/messaging), consumed with
// the projector's consumer settings, and written as the summary projection writes a batch (one
// transaction per batch, a row per account upserted into a bare table of the summary's columns:
// raw-summary.ts); the trip ends when that write commits. Every event of the loop has to make
// that trip, so it is the lag's floor with this broker, client and database on this machine: the
// ratio (p50 and p99, goal L1 in goals.ts) is what the ledger adds on top (the relay's wake-up
// and read, the projection's guard and lock, the query). The command API's own latency is not
// that floor: it is the write path, before the lag starts.
import { DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY } from '@ledger/messaging';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { BenchContext } from './context';
import { httpClient } from './http-client';
import { kafkaRoundTrip, kafkaTap } from './loop-kafka';
import { describePipeline, pipelineCounters } from './loop-metrics';
import { appUsage, commandConnections, loopRow, pollConcurrency, pollIntervalMs, views, type LoopSession } from './loop-session';
import type { LoopSystem } from './loop-system';
import { Watcher, type Accepted } from './loop-watch';
import { latencySummary, memoryPeaks, type MeasuredRow, type SelfMeasuredScenario } from './measure';
import { openLoop } from './open-loop';
import { RawSummaryTable } from './raw-summary';
import { fixed } from './report';

/** One command in this many is also asked for with `?minRevision=` (information only). */
const minRevisionEvery = 10;
/**
 * Commands watched in the query API per second: every command at low rates, else an even sample
 * (every n-th). Each watched command costs a GET per poll interval until it shows, per view: at
 * 100/s and 50 ms of lag, watching them all would be 3,000 GET/s, load enough to distort the lag.
 */
const watchedPerSecond = 20;
const baseline = 'raw-kafka-roundtrip';
const rowNames: Readonly<Record<string, string>> = { 'account-summary': 'summary', 'account-transactions': 'transactions', 'customer-portfolio': 'portfolio' };
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function loopLagScenario(context: BenchContext, system: () => LoopSystem, session: () => Promise<LoopSession>): SelfMeasuredScenario {
  const { rate, loopSeconds, accounts } = context.options;
  return {
    name: 'loop-lag',
    description: `deposits open-loop at ${rate}/s over ${accounts} accounts for ${loopSeconds} s: 201 → visible in the query API`,
    layer: 'loop',
    clients: commandConnections(context),
    run: async ({ warmupMs, durationMs }) => {
      // One connection per batch in flight, as the projector's consumer hands out partitions.
      const roundTripPool = new Pool({ connectionString: context.databaseUrl, max: DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY });
      const roundTrip = await kafkaRoundTrip(system().kafka, system().prefix, rate, warmupMs, durationMs, new RawSummaryTable(roundTripPool, context.schema, 'raw_roundtrip_summary')).finally(() =>
        roundTripPool.end(),
      );
      const loop = await session();
      const tap = await kafkaTap(loop.system.kafka, loop.system.prefix, `${loop.system.prefix}.account`);
      const watchers = views.map((view) => new Watcher(view, loop.queries, pollIntervalMs, pollConcurrency));
      const waits = httpClient(loop.system.url('query-api'), 64, context.tokens.teller);
      const watchEvery = Math.max(1, Math.round(rate / watchedPerSecond));
      const accepted: (Accepted & { readonly streamId: string })[] = [];
      let watched = 0;
      const commandLatencies: number[] = [];
      const minRevisionLags: number[] = [];
      const probes: Promise<void>[] = [];
      const failed = { commands: 0, first: undefined as string | undefined };
      const minRevision = async (command: Accepted): Promise<void> => {
        const answer = await waits.get(`/accounts/${command.accountId}?minRevision=${command.revision}&timeoutMs=10000`).catch(() => undefined);
        if (answer?.status === 200) minRevisionLags.push(performance.now() - command.acceptedAt);
      };
      const deposit =
        (measured: boolean) =>
        async (index: number, dueAt: number): Promise<void> => {
          const account = loop.accounts[index % loop.accounts.length];
          if (account === undefined) return;
          try {
            const answer = await loop.commands.post(`/accounts/${account.accountId}/deposits`, { amount: '1.00', currency: 'EUR' });
            const acceptedAt = performance.now();
            if (answer.status !== 201) throw new Error(`deposit: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
            const { revision } = JSON.parse(answer.text) as { revision: number };
            account.revision = Math.max(account.revision, revision);
            const command: Accepted = { accountId: account.accountId, ownerId: account.ownerId, revision, acceptedAt, measured };
            if (index % watchEvery === 0) {
              for (const watcher of watchers) watcher.watch(command);
              if (measured) watched += 1;
            }
            if (!measured) return;
            commandLatencies.push(acceptedAt - dueAt);
            accepted.push({ ...command, streamId: account.streamId });
            if (accepted.length % minRevisionEvery === 0) probes.push(minRevision(command));
          } catch (error) {
            failed.commands += 1;
            failed.first ??= messageOf(error);
          }
        };
      try {
        const warmup = Math.max(warmupMs, 2_000);
        await openLoop(rate, warmup, deposit(false));
        failed.commands = 0;
        const before = await loop.system.sample();
        const pipelineBefore = await pipelineCounters(loop.system);
        const polled = watchers.map((watcher) => watcher.polls);
        const cpu = process.cpuUsage();
        const memory = memoryPeaks();
        const run = await openLoop(rate, loopSeconds * 1_000, deposit(true), Math.floor((rate * warmup) / 1_000));
        const after = await loop.system.sample();
        const benchCpu = process.cpuUsage(cpu);
        const peaks = memory.stop();
        const pollRates = watchers.map((watcher, index) => (watcher.polls - (polled[index] ?? 0)) / run.seconds);
        const gets = watchers.map((watcher, index) => latencySummary(watcher.gets.slice(polled[index] ?? 0)).p50Ms);
        await Promise.all(watchers.map((watcher) => watcher.settled(30_000)));
        await Promise.all(probes);
        const pipeline = describePipeline(pipelineBefore, await pipelineCounters(loop.system));

        const usage = appUsage(before, after, run.seconds);
        const common = {
          clients: loop.connections,
          ops: accepted.length,
          seconds: run.seconds,
          opsPerSecond: accepted.length / run.seconds,
          peakRssMb: peaks.rss,
          peakHeapUsedMb: peaks.heapUsed,
          benchCpuPercent: (benchCpu.user + benchCpu.system) / 1e4 / run.seconds,
          ...usage,
        };
        const lagRow = (name: string, description: string, lags: readonly number[], expected: number, firstError?: string): MeasuredRow =>
          loopRow({ ...common, name, description, ...latencySummary(lags), errors: expected - lags.length, firstError, compareWith: { baseline, by: 'p50' } });
        const onKafka = accepted.flatMap((command) => {
          const seenAt = tap.seenAt(command.streamId, command.revision);
          return seenAt === undefined ? [] : [seenAt - command.acceptedAt];
        });
        const rows: MeasuredRow[] = [
          loopRow({
            name: baseline,
            description: `baseline: Kafka publish → consumed → upserted and committed in PostgreSQL (a row per account, one transaction per batch), one event at a time, open-loop at ${rate}/s (relay's publisher, projector's consumer settings)`,
            clients: 1,
            ops: roundTrip.latencies.length,
            errors: roundTrip.errors,
            seconds: roundTrip.seconds,
            opsPerSecond: roundTrip.latencies.length / roundTrip.seconds,
            ...latencySummary(roundTrip.latencies),
          }),
          loopRow({ ...common, name: 'loop-commands', description: `POST deposits open-loop at ${rate}/s: due time → 201 (the write path)`, ...latencySummary(commandLatencies), errors: failed.commands, firstError: failed.first }),
          lagRow('loop-lag-kafka', '201 → a bare consumer of the account topic has it (relay wake-up, read, publish; fetch)', onKafka, accepted.length),
          ...watchers.map((watcher) =>
            lagRow(`loop-lag-${rowNames[watcher.view.name] ?? watcher.view.name}`, `201 → the query API shows it (${watcher.view.name}; 1 command in ${watchEvery}, polled every ${pollIntervalMs} ms)`, watcher.lags, watched, watcher.firstError),
          ),
          lagRow('loop-lag-min-revision', `information: 201 → GET /accounts/{id}?minRevision= answers (1 command in ${minRevisionEvery}; the server re-reads after 10, 20, 40, 80, 100, 100 ms…)`, minRevisionLags, probes.length),
        ];
        const achieved = accepted.length / run.seconds;
        const overloaded = achieved < 0.95 * rate;
        const publishes = latencySummary(roundTrip.publishMs);
        const notes = [
          `loop-lag: raw-kafka-roundtrip: each publish (one event, acks=all, one request in flight) took p50 ${fixed(publishes.p50Ms, 1)} ms, p99 ${fixed(publishes.p99Ms, 1)} ms; at ${rate}/s one producer is busy ${fixed((rate * publishes.p50Ms) / 10)} % of the time at p50 (above 100 %, publishes queue and the round trip includes the wait)`,
          ...(overloaded ? [`loop-lag: OVERLOADED — ${fixed(achieved, 1)} of ${rate} deposits/s achieved, sends up to ${fixed(run.worstStartDelayMs)} ms late: the lags include queueing; try a lower --rate`] : []),
          `loop-lag: ${accepted.length} of ${run.started} deposits accepted in ${fixed(run.seconds, 1)} s (${fixed(accepted.length / run.seconds, 1)}/s; scheduler at most ${fixed(run.worstStartDelayMs, 1)} ms late), over ${loop.accounts.length} accounts of ${Math.ceil(loop.accounts.length / 4)} owners, ${loop.connections} connections`,
          `loop-lag: ${watched} commands watched in the query API (1 in ${watchEvery}), each polled every ${pollIntervalMs} ms, ≤ ${pollConcurrency} GETs in flight per view: ${watchers.map((watcher, index) => `${watcher.view.name} ${fixed(pollRates[index] ?? Number.NaN)} GET/s of p50 ${fixed(gets[index] ?? Number.NaN, 1)} ms`).join(', ')}`,
          ...pipeline.map((line) => `loop-lag: ${line}`),
          `loop-lag: apps' CPU % during the load (100 = one core): ${Object.entries(usage.apps).map(([name, app]) => `${name} ${fixed(app.cpuPercent)}`).join(', ')}; bench ${fixed(common.benchCpuPercent)}`,
        ];
        return { rows, notes };
      } finally {
        for (const watcher of watchers) watcher.stop();
        waits.close();
        await tap.stop();
      }
    },
  };
}
