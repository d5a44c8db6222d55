// rebuild: issue 6's rebuild rate. A history of `--rebuild-events` events (default 200,000: an
// opening and then deposits per account, 500 per append) goes straight into a fresh event store;
// then each projection is rebuilt from it with the projector's own code (ProjectionRebuilds), one
// after the other, into fresh read-model tables and a fresh MongoDB database.
// Baselines, in the same run: `raw-keyset-read` pages through the same events table with pg
// (position > last ORDER BY position LIMIT 5000, every column, rows as pg returns them);
// `rebuild-store-read` pages through it with PostgresEventStore.readAll (the rebuild's reader).
import { accountStreamId } from '@ledger/domain';
import { migrate, PostgresEventStore } from '@ledger/event-store/postgres';
import { silentLogger } from '@ledger/projections';
import { accountProjectionNames, accountProjections } from '@ledger/projections/accounts';
import { migrateReadModels, ProjectionRebuilds } from '@ledger/projections/postgres';
import { MongoClient } from 'mongodb';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { accountHistory, newAccountId } from './account-history';
import type { BenchContext } from './context';
import { rawKeysetRead } from './keyset-read';
import { inParallel } from './loop-session';
import { memoryPeaks, selfMeasuredRow, type Layer, type MeasuredRow, type SelfMeasuredScenario } from './measure';

const baseline = 'raw-keyset-read';
const pageSize = 5_000;
const perAccount = 500;

/** Times `work`, which returns how many events it went through; with this process's CPU and memory. */
async function timed(work: () => Promise<number>): Promise<Pick<MeasuredRow, 'ops' | 'seconds' | 'opsPerSecond' | 'peakRssMb' | 'peakHeapUsedMb' | 'benchCpuPercent'>> {
  const memory = memoryPeaks();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const ops = await work();
  const seconds = (performance.now() - started) / 1_000;
  const used = process.cpuUsage(cpu);
  const peaks = memory.stop();
  return { ops, seconds, opsPerSecond: ops / seconds, peakRssMb: peaks.rss, peakHeapUsedMb: peaks.heapUsed, benchCpuPercent: ((used.user + used.system) / 1e6 / seconds) * 100 };
}

export function rebuildLayer(context: BenchContext): Layer {
  const pool = new Pool({ connectionString: context.databaseUrl, max: 8 });
  const mongo = new MongoClient(context.mongodbUrl);
  const eventSchema = `${context.schema}_history`;
  const readSchema = `${context.schema}_rebuilt`;
  const mongoDatabase = `${context.schema}_rebuilt`;
  const events = context.options.rebuildEvents;

  const scenario: SelfMeasuredScenario = {
    name: 'rebuild',
    description: `each projection rebuilt from ${events} events in the event store`,
    layer: 'rebuild',
    clients: 1,
    run: async () => {
      await migrate(pool, eventSchema);
      await migrateReadModels(pool, readSchema);
      const store = new PostgresEventStore({ pool, schema: eventSchema });
      const accounts = Math.ceil(events / perAccount);
      process.stderr.write(`[bench] rebuild: appending ${accounts * perAccount} events (${accounts} accounts × ${perAccount})…\n`);
      await inParallel(
        Array.from({ length: accounts }, (_, index) => index),
        4,
        async () => {
          const accountId = newAccountId();
          const deposits = Array.from({ length: perAccount - 1 }, () => 100n);
          await store.appendToStream(accountStreamId(accountId), accountHistory(accountId, 'EUR', deposits), { expectedRevision: 'no_stream' });
        },
      );
      await pool.query(`VACUUM ANALYZE "${eventSchema}".events`);
      const total = Number(await store.countAfter(undefined));

      const rows: MeasuredRow[] = [];
      const row = (name: string, description: string, measured: Awaited<ReturnType<typeof timed>>, withBaseline: boolean) =>
        rows.push(selfMeasuredRow('rebuild', { name, description, clients: 1, ...measured, ...(withBaseline ? { compareWith: { baseline, by: 'ops/s' } } : {}) }));

      // Once unmeasured, so neither reader pays for a cold cache.
      await rawKeysetRead(pool, eventSchema, { pageSize });
      row(baseline, `pg keyset pages of ${pageSize} over the events table, every column`, await timed(() => rawKeysetRead(pool, eventSchema, { pageSize })), false);
      row('rebuild-store-read', `PostgresEventStore.readAll pages of ${pageSize} (the rebuild's reader, gap-free)`, await timed(() => storeRead(store)), true);

      await mongo.connect();
      const definitions = accountProjections({ pool, readModelSchema: readSchema, mongo: mongo.db(mongoDatabase) });
      const rebuilds = new ProjectionRebuilds({ pool, schema: readSchema, definitions, running: [], history: store, logger: silentLogger, holdOf: () => undefined, graceMs: 0 });
      for (const name of accountProjectionNames) {
        process.stderr.write(`[bench] rebuild: ${name}…\n`);
        const measured = await timed(async () => {
          const record = await rebuilds.start(name);
          const outcome = await rebuilds.outcomeOf(record.id);
          if (outcome?.state !== 'completed') throw new Error(`the rebuild of ${name} ended ${JSON.stringify(outcome)}`);
          return (await rebuilds.find(name, record.id))?.processed ?? 0;
        });
        row(`rebuild-${name}`, `${name} rebuilt from the store (shadow copy, swap)`, measured, true);
      }
      await rebuilds.stop();
      const notes = [`rebuild: ${total} events in the store; every rebuild processed them all (batches of 5000, the default)`];
      return { rows, notes };
    },
  };

  return {
    scenarios: [scenario],
    close: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${eventSchema}" CASCADE`).catch(() => undefined);
      await pool.query(`DROP SCHEMA IF EXISTS "${readSchema}" CASCADE`).catch(() => undefined);
      await pool.end();
      await mongo.db(mongoDatabase).dropDatabase().catch(() => undefined);
      await mongo.close();
    },
  };
}

async function storeRead(store: PostgresEventStore): Promise<number> {
  let read = 0;
  let fromPosition: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition, maxCount: pageSize });
    const last = page.at(-1);
    if (last === undefined) return read;
    read += page.length;
    fromPosition = last.position;
  }
}
