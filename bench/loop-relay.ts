// loop-relay: the relay's catch-up throughput (goal R1). With the relay and the projector stopped
// (the relay then works alone, as its baselines do), `--backlog` deposits are appended straight
// to the event store (loop-backlog.ts); then the relay starts and publishes them. Its progress
// is its own 'batch published' log line (debug level), written right after each batch's
// checkpoint is saved, with the batch's size and its log timestamp: exact, and nothing polls the
// relay while it works (a /metrics scrape costs it two queries and the default metrics). Timed
// from the first batch to the one that reaches the head, so the process start, the leadership
// and the first page are not in the rate (noted apart).
// Baselines on the same events, in this run (relay-baselines.ts): raw-read-all and
// raw-kafka-produce. The relay's row is compared with the slower of them: it does both.
// Afterwards the projector is started again and waited for until it has applied the backlog,
// so loop-projector (next) starts from a projector with nothing pending.
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { type RecordedEvent } from '@ledger/event-store';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { metric } from './command-api-process';
import type { BenchContext } from './context';
import { appendBacklog, checkReadModels, perCommit, projectionsCaughtUp } from './loop-backlog';
import { appUsage, loopRow, type LoopSession } from './loop-session';
import { relayBatchSize } from './loop-system';
import type { MeasuredRow, SelfMeasuredScenario } from './measure';
import { AfterFirstBatch, rawKafkaProduce, rawReadAll } from './relay-baselines';
import { fixed } from './report';

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;

interface Published {
  /** The log line's time (epoch ms). */
  readonly at: number;
  readonly events: number;
  readonly to: bigint;
  readonly publishMs: number;
}

/** The relay's 'batch published' lines (apps/event-relay/src/relay/event-relay.ts), in order. */
function publishedLines(): { readonly lines: Published[]; readonly onStdoutLine: (line: string) => void } {
  const lines: Published[] = [];
  return {
    lines,
    onStdoutLine: (line) => {
      if (!line.includes('"batch published"')) return;
      const entry = JSON.parse(line) as { '@timestamp': string; events: number; to: string; publishMs: number };
      lines.push({ at: Date.parse(entry['@timestamp']), events: entry.events, to: BigInt(entry.to), publishMs: entry.publishMs });
    },
  };
}

/** The events the relay will publish: after `from`, read with the store's own reader (unmeasured). */
async function eventsAfter(store: PostgresEventStore, from: bigint): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let page = await store.readAll({ fromPosition: from, maxCount: 5_000 }); page.length > 0; ) {
    events.push(...page);
    page = await store.readAll({ fromPosition: page.at(-1)?.position ?? from, maxCount: 5_000 });
  }
  return events;
}

export function loopRelayScenario(context: BenchContext, session: () => Promise<LoopSession>): SelfMeasuredScenario {
  const { backlog } = context.options;
  return {
    name: 'loop-relay',
    description: `${backlog} deposits appended while the relay is stopped, then its catch-up`,
    layer: 'loop',
    clients: 1,
    run: async () => {
      const loop = await session();
      const { system } = loop;
      const eventSchema = system.env['EVENT_STORE_SCHEMA'] ?? '';
      const pool = new Pool({ connectionString: context.databaseUrl, max: 1 });
      try {
        await Promise.all([system.stop('event-relay'), system.stop('projector')]);
        const saved = await pool.query<{ position: string }>(`SELECT coalesce(max(position), 0)::text AS position FROM "${system.env['RELAY_CHECKPOINT_SCHEMA'] ?? ''}".checkpoints`);
        const from = BigInt(saved.rows[0]?.position ?? '0');
        const appending = performance.now();
        const head = await appendBacklog(context, eventSchema, loop.accounts, backlog);
        const appended = performance.now();
        const events = await eventsAfter(new PostgresEventStore({ pool, schema: eventSchema }), from);

        const progress = publishedLines();
        const starting = Date.now();
        await system.start('event-relay', { env: { LOG_LEVEL: 'debug' }, onStdoutLine: progress.onStdoutLine });
        const healthy = Date.now();
        const cpuBefore = await system.sample(['event-relay']);
        const sampledAt = performance.now();
        for (const deadline = sampledAt + 120_000; (progress.lines.at(-1)?.to ?? 0n) < head; await sleep(5)) {
          if (performance.now() > deadline) throw new Error(`the relay did not publish the backlog in 120 s (${progress.lines.length} batches)`);
        }
        const cpuAfter = await system.sample(['event-relay']);
        const usage = appUsage(cpuBefore, cpuAfter, (performance.now() - sampledAt) / 1_000);
        const checkpoint = metric(await (await fetch(`${system.url('event-relay')}/metrics`)).text(), 'ledger_relay_checkpoint_position');
        if (checkpoint < Number(head)) throw new Error(`the relay logged the head ${head} but its checkpoint gauge says ${checkpoint}`);
        const relay = new AfterFirstBatch();
        for (const line of progress.lines) relay.ended(line.events, line.at);
        const relayed = relay.result();

        const read = await rawReadAll(pool, eventSchema, from, relayBatchSize);
        const accountTopic = `${system.prefix}.account`;
        const partitions = (await system.kafka.groupOffsets(`${system.prefix}.bench-partitions`, [accountTopic])).length;
        // The relay's own batch sizes, unless it published anything twice (a retried pass).
        const sizes = relayed.batches.reduce((sum, size) => sum + size, 0) === events.length ? relayed.batches : [];
        const produced = await rawKafkaProduce(system.kafka, `${system.prefix}.raw-produce`, partitions, events, sizes.length > 0 ? sizes : Array.from({ length: Math.ceil(events.length / relayBatchSize) }, () => relayBatchSize));

        const restarting = performance.now();
        await system.start('projector');
        const reports = await projectionsCaughtUp(system.url('projector'), context.tokens.operator, 300_000);
        const caughtUp = performance.now();
        const checked = await checkReadModels(loop, reports, 'loop-relay');

        const readRate = read.events / read.seconds;
        const produceRate = produced.events / produced.seconds;
        const compareWith = { baseline: produceRate < readRate ? 'raw-kafka-produce' : 'raw-read-all', by: 'ops/s' as const };
        const rows: MeasuredRow[] = [
          loopRow({ name: 'raw-read-all', description: `baseline: pg keyset pages of ${relayBatchSize} (the relay's batch size) over the backlog's events, every column readAll returns`, clients: 1, ops: read.events, seconds: read.seconds, opsPerSecond: readRate }),
          loopRow({
            name: 'raw-kafka-produce',
            description: `baseline: the backlog encoded by the relay's encoder, sent by the relay's record producer alone (KAFKA_CLIENT's library: idempotent, ordered, acks=all, Java murmur2, no compression) in the relay's ${produced.batches.length} batches to a fresh topic of ${partitions} partitions`,
            clients: 1,
            ops: produced.events,
            seconds: produced.seconds,
            opsPerSecond: produceRate,
          }),
          loopRow({ name: 'loop-relay', description: 'backlog events published per second: first batch acknowledged and checkpointed → the head (relay alone)', clients: 1, ops: relayed.events, seconds: relayed.seconds, opsPerSecond: relayed.events / relayed.seconds, compareWith, ...usage }),
        ];
        const measuredLines = progress.lines.slice(1);
        const publishing = measuredLines.reduce((sum, line) => sum + line.publishMs, 0);
        const firstAt = progress.lines[0]?.at ?? Number.NaN;
        const notes = [
          ...(relayed.batches.length < 2 ? [`loop-relay: one batch only: timing starts after the first, so there is no rate; use --backlog ≥ ${2 * relayBatchSize}`] : []),
          `loop-relay: backlog of ${events.length} events after position ${from} appended in ${fixed((appended - appending) / 1_000, 1)} s (${perCommit} per commit, ${context.clients} writers), relay and projector stopped`,
          `loop-relay: relay started → healthy ${fixed((healthy - starting) / 1_000, 1)} s → first batch published ${fixed((firstAt - starting) / 1_000, 1)} s → head ${fixed(((progress.lines.at(-1)?.at ?? Number.NaN) - starting) / 1_000, 1)} s: ${fixed(events.length / (((progress.lines.at(-1)?.at ?? Number.NaN) - starting) / 1_000))} events/s from a cold start`,
          `loop-relay: ${progress.lines.length} batches of ${fixed(mean(relayed.batches), 1)} events (${Math.min(...relayed.batches)}–${Math.max(...relayed.batches)}); after the first, publish + checkpoint took ${fixed(mean(measuredLines.map((line) => line.publishMs)), 1)} ms per batch, ${fixed((100 * publishing) / (relayed.seconds * 1_000))} % of the time (the rest: waiting for the next page, which is read while the previous batch is published)`,
          `loop-relay: baselines per batch: raw-read-all ${fixed((1_000 * read.seconds) / (read.batches.length - 1), 1)} ms per page, raw-kafka-produce ${fixed((1_000 * produced.seconds) / (produced.batches.length - 1), 1)} ms per sendBatch; encoding all ${events.length} events took the bench ${fixed(produced.encodeSeconds * 1_000)} ms (${fixed((1_000 * produced.encodeSeconds) / produced.batches.length, 1)} ms per batch), which the relay does inside its publish`,
          `loop-relay: projector restarted and caught up with the backlog in ${fixed((caughtUp - restarting) / 1_000, 1)} s`,
          checked,
        ];
        return { rows, notes };
      } finally {
        await pool.end();
      }
    },
  };
}
