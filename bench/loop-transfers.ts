// loop-transfers: issue 21's figures. Transfers per second end to end (POST /transfers → the
// transfer processor has debited and credited both accounts and recorded `completed`), and the
// time from the 202 to that record (p50, p99), under a closed loop of `--clients` clients moving
// 1.00 between random pairs of the loop's accounts.
//
// Baseline (raw-transfer-sql): the same movement as a system without events or a process manager
// does it, one PostgreSQL transaction updating both balances (the debit only if it covers the
// amount) with pg and the same clients. The ratio is what durability across crashes costs: the
// ledger's transfer is an append, a Kafka trip and four transactions (two legs, two records).
import { transferIdOfStream, transferStreamId } from '@ledger/domain';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import type { BenchContext } from './context';
import { appUsage, inParallel, loopRow, type LoopSession } from './loop-session';
import { driveClients, latencySummary, measure, memoryPeaks, type ClosedLoopScenario, type MeasuredRow, type SelfMeasuredScenario } from './measure';
import { openLoop } from './open-loop';

const baseline = 'raw-transfer-sql';
const finalTypes = ['ledger.transfer.completed', 'ledger.transfer.failed', 'ledger.transfer.reversed'];

/** The baseline: the same transfers as one pg transaction each, on a table of `accounts` balances. */
async function rawTransferRow(context: BenchContext, accounts: number, durationMs: number): Promise<MeasuredRow> {
  const pool = new Pool({ connectionString: context.databaseUrl, max: context.clients });
  const table = `"${context.schema}".raw_transfer_balances`;
  const scenario: ClosedLoopScenario = {
    name: baseline,
    description: `pg: one transaction moving 1.00 between two of ${accounts} rows (locked in order, debit only if covered), ${context.clients} clients`,
    layer: 'loop',
    clients: context.clients,
    setUp: async () => {
      await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (account_id int PRIMARY KEY, balance_minor bigint NOT NULL CHECK (balance_minor >= 0))`);
      await pool.query(`INSERT INTO ${table} SELECT g, 100000000 FROM generate_series(0, $1::int - 1) g ON CONFLICT DO NOTHING`, [accounts]);
    },
    op: async () => {
      const from = Math.floor(Math.random() * accounts);
      const to = (from + 1 + Math.floor(Math.random() * (accounts - 1))) % accounts;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Both rows in one order, so two opposite transfers cannot deadlock.
        await client.query(`SELECT 1 FROM ${table} WHERE account_id = ANY($1::int[]) ORDER BY account_id FOR UPDATE`, [[from, to]]);
        const debited = await client.query(`UPDATE ${table} SET balance_minor = balance_minor - 100 WHERE account_id = $1 AND balance_minor >= 100`, [from]);
        if (debited.rowCount === 1) await client.query(`UPDATE ${table} SET balance_minor = balance_minor + 100 WHERE account_id = $1`, [to]);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    },
  };
  try {
    const { name, description, clients } = scenario;
    return loopRow({ name, description, clients, ...(await measure(scenario, 0, durationMs)) });
  } finally {
    await pool.end();
  }
}

/** When each transfer ended, by the store's clock (recorded_at of its final event), in ms since the epoch. */
async function endsOf(pool: Pool, schema: string, transferIds: readonly string[]): Promise<Map<string, { type: string; at: number }>> {
  const { rows } = await pool.query<{ stream_id: string; type: string; at: string }>(
    `SELECT stream_id, type, (extract(epoch FROM recorded_at) * 1000)::float8::text AS at FROM "${schema}".events WHERE stream_id = ANY($1::text[]) AND type = ANY($2::text[])`,
    [transferIds.map(transferStreamId), finalTypes],
  );
  return new Map(rows.map((row) => [transferIdOfStream(row.stream_id) ?? row.stream_id, { type: row.type, at: Number(row.at) }]));
}

/** What one load of transfers came to: when each was accepted (wall clock) and how each ended. */
interface TransferRun {
  readonly accepted: ReadonlyMap<string, number>;
  readonly ends: ReadonlyMap<string, { readonly type: string; readonly at: number }>;
  /** From the first 202 to the last transfer's end. */
  readonly seconds: number;
  readonly latencies: number[];
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly postLatencies: number[];
}

/** Runs `drive` (which calls `send` for each transfer it wants), then waits up to 60 s for every accepted transfer to end. */
async function transferRun(loop: LoopSession, pool: Pool, drive: (send: () => Promise<void>) => Promise<unknown>): Promise<TransferRun> {
  const accepted = new Map<string, number>();
  const postLatencies: number[] = [];
  const failed = { errors: 0, first: undefined as string | undefined };
  await drive(async () => {
    const from = loop.accounts[Math.floor(Math.random() * loop.accounts.length)];
    const to = loop.accounts[Math.floor(Math.random() * loop.accounts.length)];
    if (from === undefined || to === undefined || from === to) return;
    const sentAt = performance.now();
    try {
      const answer = await loop.commands.post('/transfers', { fromAccountId: from.accountId, toAccountId: to.accountId, amount: '1.00', currency: 'EUR' });
      if (answer.status !== 202) throw new Error(`transfer: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      accepted.set((JSON.parse(answer.text) as { transferId: string }).transferId, Date.now());
      postLatencies.push(performance.now() - sentAt);
    } catch (error) {
      failed.errors += 1;
      failed.first ??= error instanceof Error ? error.message : String(error);
    }
  });
  const schema = loop.system.env['EVENT_STORE_SCHEMA'] ?? '';
  let ends = await endsOf(pool, schema, [...accepted.keys()]);
  for (let waited = 0; ends.size < accepted.size && waited < 60_000; waited += 250) {
    await sleep(250);
    ends = await endsOf(pool, schema, [...accepted.keys()]);
  }
  const firstAccepted = Math.min(...accepted.values());
  const lastEnd = Math.max(...[...ends.values()].map((end) => end.at));
  const latencies = [...accepted].flatMap(([id, at]) => {
    const end = ends.get(id);
    return end === undefined ? [] : [end.at - at];
  });
  const unended = accepted.size - ends.size;
  return {
    accepted,
    ends,
    seconds: (lastEnd - firstAccepted) / 1_000,
    latencies,
    errors: failed.errors + unended,
    firstError: failed.first ?? (unended > 0 ? `${unended} transfers had not ended 60 s after the load` : undefined),
    postLatencies,
  };
}

const watchedApps = ['command-api', 'event-relay', 'transfer-processor'] as const;

export function loopTransfersScenario(context: BenchContext, session: () => Promise<LoopSession>): SelfMeasuredScenario {
  const { rate, loopSeconds } = context.options;
  return {
    name: 'loop-transfers',
    description: `POST /transfers of 1.00 between random accounts: ${context.clients} clients back to back (throughput), then ${rate}/s open loop (latency); 202 → completed`,
    layer: 'loop',
    clients: context.clients,
    compareWith: { baseline, by: 'ops/s' },
    run: async ({ durationMs }) => {
      const loop = await session();
      const raw = await rawTransferRow(context, loop.accounts.length, durationMs);
      await loop.system.start('transfer-processor');
      await inParallel(loop.accounts, 8, async (account) => {
        const answer = await loop.commands.post(`/accounts/${account.accountId}/deposits`, { amount: '1000000.00', currency: 'EUR' });
        if (answer.status !== 201) throw new Error(`fund: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      });
      const pool = new Pool({ connectionString: context.databaseUrl, max: 2 });
      try {
        const before = await loop.system.sample([...watchedApps]);
        const memory = memoryPeaks();
        const closed = await transferRun(loop, pool, (send) => driveClients(context.clients, durationMs, send));
        const after = await loop.system.sample([...watchedApps]);
        const peaks = memory.stop();
        const open = await transferRun(loop, pool, (send) => openLoop(rate, loopSeconds * 1_000, () => send()));
        const rowOf = (name: string, run: TransferRun, description: string, clients: number, compareWith: MeasuredRow['compareWith']) =>
          loopRow({
            name,
            description,
            clients,
            ...(compareWith === undefined ? {} : { compareWith }),
            ops: run.ends.size,
            errors: run.errors,
            firstError: run.firstError,
            seconds: run.seconds,
            opsPerSecond: run.ends.size / run.seconds,
            ...latencySummary(run.latencies),
          });
        const throughput = {
          ...rowOf('loop-transfers', closed, `${closed.accepted.size} transfers from ${context.clients} clients back to back; ops/s = ended ÷ (first 202 → last end); latency = 202 → completed recorded (queueing included)`, context.clients, { baseline, by: 'ops/s' }),
          peakRssMb: peaks.rss,
          peakHeapUsedMb: peaks.heapUsed,
          ...appUsage(before, after, closed.seconds),
        };
        const latency = rowOf('loop-transfers-latency', open, `${open.accepted.size} transfers at ${rate}/s open loop; latency = 202 → completed recorded`, context.clients, { baseline, by: 'p50' });
        const completed = (run: TransferRun) => [...run.ends.values()].filter((end) => end.type === 'ledger.transfer.completed').length;
        const notes = [
          `loop-transfers: ${completed(closed)} of ${closed.ends.size} completed; POST /transfers itself p50 ${latencySummary(closed.postLatencies).p50Ms.toFixed(1)} ms at ${context.clients} clients, ${latencySummary(open.postLatencies).p50Ms.toFixed(1)} ms at ${rate}/s`,
        ];
        return { rows: [raw, throughput, latency], notes };
      } finally {
        await pool.end();
        await loop.system.stop('transfer-processor');
      }
    },
  };
}
