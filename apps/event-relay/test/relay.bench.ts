// Measures the relay on the local stack: `npm run stack -- up`, then
//   npx tsx --tsconfig apps/event-relay/tsconfig.bench.json --conditions=@ledger/source \
//     apps/event-relay/test/relay.bench.ts [backlog=20000]
// (the bench tsconfig covers the packages' sources, whose Nest decorators tsx must compile).
// 1) throughput: a backlog of N events (200 accounts, 10 events per commit) relayed from a cold
//    start, until the checkpoint reaches the store's head; 2) latency: single events committed
//    while the relay is idle, from the start of the commit to Kafka's acknowledgement (the
//    'batch published' log line, written right after the checkpoint is saved).
import { accountStreamId } from '@ledger/domain';
import { type NewEvent } from '@ledger/event-store';
import { createLogger } from '@ledger/platform';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { createEventRelay } from '../src/create-event-relay';
import { relayTestBed } from './relay.harness';

process.env['DATABASE_URL'] ??= 'postgres://ledger:ledger@127.0.0.1:55432/ledger';
process.env['KAFKA_BROKERS'] ??= '127.0.0.1:19092';

const backlog = Number(process.argv[2] ?? 20_000);
const accounts = 200;
const perCommit = 10;

const deposit = (): NewEvent => ({ eventId: randomUUID(), type: 'ledger.account.money-deposited', schemaVersion: 1, data: { amountMinor: '100', currency: 'EUR' }, metadata: { correlationId: randomUUID() } });
const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const bed = await relayTestBed('relay_bench');
  const published: { at: number; to: string }[] = [];
  const logs = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter((text) => text.includes('"batch published"'))) {
        published.push({ at: performance.now(), to: String((JSON.parse(line) as { to: unknown }).to) });
      }
      done();
    },
  });
  try {
    const perAccount = backlog / accounts;
    await Promise.all(
      Array.from({ length: accounts }, async () => {
        const streamId = accountStreamId(randomUUID());
        for (let revision = 0; revision < perAccount; revision += perCommit) {
          const events = Array.from({ length: perCommit }, deposit);
          await bed.store.appendToStream(streamId, events, { expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1) });
        }
      }),
    );
    const head = (await bed.pool.query<{ head: string }>(`SELECT max(position)::text AS head FROM "${bed.config.eventStoreSchema}".events`)).rows[0]?.head ?? '0';

    const pool = new Pool({ connectionString: bed.config.databaseUrl, max: bed.config.databasePoolSize });
    const registry = new Registry();
    const relay = createEventRelay({ pool, kafka: bed.kafka, config: bed.config, logger: createLogger({ app: 'event-relay', level: 'debug', destination: logs }), registry });
    const started = performance.now();
    relay.relay.start();
    while (published.at(-1)?.to !== head) await sleep(5);
    const seconds = (performance.now() - started) / 1_000;
    const [first, last] = [published[0], published.at(-1)];
    const steady = first && last ? (backlog - Number(first.to)) / ((last.at - first.at) / 1_000) : Number.NaN;
    console.log(`throughput: ${backlog} events in ${seconds.toFixed(2)} s = ${Math.round(backlog / seconds)} events/s from a cold start (topic creation included); ${Math.round(steady)} events/s after the first batch; ${published.length} batches`);

    const latencies: number[] = [];
    for (let sample = 0; sample < 50; sample++) {
      await sleep(50);
      const committing = performance.now();
      const { position } = await bed.store.appendToStream(accountStreamId(randomUUID()), [deposit()], { expectedRevision: 'no_stream' });
      while (published.at(-1)?.to !== position.toString()) await sleep(0);
      latencies.push((published.at(-1)?.at ?? Number.NaN) - committing);
    }
    latencies.sort((a, b) => a - b);
    console.log(`latency, one event while idle, commit start → acked and checkpointed: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms`);
    await relay.stop();
    await pool.end();
  } finally {
    await bed.dispose();
  }
}

void main();
