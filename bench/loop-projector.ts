// loop-projector: issue 5's projector throughput, from a backlog. With the projector stopped,
// `--backlog` deposits are appended straight to the event store (as bench/store.ts appends,
// ten per commit, on the loop's accounts with their true revisions and balances); the relay
// puts them on Kafka; then the projector starts and catches up, and GET /projections tells when
// each projection has applied them all. Timed from a projection's first progress to its last
// event, so the process start and the consumer groups' join are not in the rate (noted apart).
// Baseline: a bare consumer of the same topic, timed the same way (loop-kafka.ts).
import { type NewEvent } from '@ledger/event-store';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { metric } from './command-api-process';
import type { BenchContext } from './context';
import { kafkaDrain } from './loop-kafka';
import { appUsage, inParallel, loopRow, type LoopAccount, type LoopSession } from './loop-session';
import type { AppSample } from './loop-system';
import { latencySummary, type MeasuredRow, type SelfMeasuredScenario } from './measure';

const perCommit = 10;
const baseline = 'raw-kafka-drain';
const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** A deposit of 1.00 as the command API stores it: the domain's wire format (ledger.account.money-deposited v1). */
function deposit(accountId: string, revision: number): NewEvent {
  const correlationId = randomUUID();
  return {
    eventId: randomUUID(),
    type: 'ledger.account.money-deposited',
    schemaVersion: 1,
    data: { accountId, amountMinor: '100', currency: 'EUR', balanceAfterMinor: String(100 * revision) },
    metadata: { correlationId, causationId: correlationId, actor: 'bench', occurredAt: new Date().toISOString() },
  };
}

/** Appends `total` deposits over the accounts, `perCommit` per append, `writers` at a time; returns the last position. */
async function appendBacklog(context: BenchContext, schema: string, accounts: readonly LoopAccount[], total: number): Promise<bigint> {
  const pool = new Pool({ connectionString: context.databaseUrl, max: context.clients });
  const store = new PostgresEventStore({ pool, schema });
  let head = 0n;
  try {
    const shares = accounts.map((account, index) => ({ account, count: Math.floor(total / accounts.length) + (index < total % accounts.length ? 1 : 0) }));
    await inParallel(shares, context.clients, async ({ account, count }) => {
      for (let done = 0; done < count; done += perCommit) {
        const events = Array.from({ length: Math.min(perCommit, count - done) }, (_, index) => deposit(account.accountId, account.revision + index + 1));
        const result = await store.appendToStream(account.streamId, events, { expectedRevision: BigInt(account.revision) });
        account.revision = Number(result.nextExpectedRevision);
        if (result.position > head) head = result.position;
      }
    });
    return head;
  } finally {
    await pool.end();
  }
}

interface Report {
  readonly name: string;
  readonly state: string;
  readonly applied: number;
  readonly duplicates: number;
  readonly deadLetters: number | null;
}

async function reports(url: string): Promise<Report[] | undefined> {
  const answer = await fetch(`${url}/projections`).catch(() => undefined);
  return answer?.status === 200 ? ((await answer.json()) as { items: Report[] }).items : undefined;
}

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

      const drain = await kafkaDrain(system.kafka, system.prefix, `${system.prefix}.account`);

      const starting = performance.now();
      await system.start('projector');
      // Per projection: when its consumer joined (state running, or events handled), with how
      // many events handled by then, and when it had handled the whole backlog.
      const progress = new Map<string, { joined: number; handledThen: number; done?: number }>();
      let cpuAtJoin: AppSample | undefined;
      let last: Report[] = [];
      const polls: number[] = [];
      for (const deadline = starting + 300_000; progress.size < 3 || [...progress.values()].some((entry) => entry.done === undefined); await sleep(25)) {
        if (performance.now() > deadline) throw new Error(`the projector did not catch up in 300 s: ${JSON.stringify(last)}`);
        const now = performance.now();
        last = (await reports(system.url('projector'))) ?? last;
        polls.push(performance.now() - now);
        for (const report of last) {
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
      const compareWith = { baseline, by: 'ops/s' as const };
      const row = (name: string, description: string, events: number, seconds: number): MeasuredRow =>
        loopRow({ name, description, clients: 1, ops: events, seconds, opsPerSecond: events / seconds, compareWith, ...usage });
      const rows: MeasuredRow[] = [
        loopRow({ name: baseline, description: 'baseline: a bare consumer (projector settings, offsets committed, nothing written) reads the account topic from its start', clients: 1, ops: drain.events, seconds: drain.seconds, opsPerSecond: drain.events / drain.seconds }),
        ...entries.map(([name, entry]) =>
          row(`loop-projector-${name}`, `${name}: backlog events applied per second, group joined → all applied (three projections at once)`, backlog - entry.handledThen, ((entry.done ?? Number.NaN) - entry.joined) / 1000),
        ),
        row('loop-projector-all', 'backlog events in all three read models per second: first join → last projection done (×3 applications)', backlog, (doneAt - joinedAt) / 1000),
      ];

      const deadLetters = last.reduce((sum, report) => sum + (report.deadLetters ?? 0), 0);
      const sample = loop.accounts.slice(0, 20);
      const wrong: string[] = [];
      for (const account of sample) {
        const body = (await loop.queries.get(`/accounts/${account.accountId}`)).text || '{}';
        const { revision, balance } = JSON.parse(body) as { revision?: number; balance?: string };
        if (revision !== account.revision || balance !== `${account.revision}.00`) wrong.push(`${account.accountId}: ${body.slice(0, 120)} (expected revision ${account.revision})`);
      }
      if (wrong.length > 0 || deadLetters > 0) throw new Error(`the read models disagree with the store after the backlog (dead letters ${deadLetters}): ${wrong.join('; ')}`);
      const notes = [
        `loop-projector: backlog of ${backlog} appended in ${fixed((appended - appending) / 1000, 1)} s (${perCommit} per commit, ${context.clients} writers); relay had it all on Kafka ${fixed((onKafka - appended) / 1000, 1)} s after the last append`,
        `loop-projector: projector started → first group joined ${fixed((joinedAt - starting) / 1000, 1)} s (process start, join) → all caught up ${fixed((caughtUp - starting) / 1000, 1)} s: ${fixed(backlog / ((caughtUp - starting) / 1000))} events/s from a cold start; ${entries.map(([name, entry]) => `${name} had ${entry.handledThen} at join`).join(', ')}`,
        `loop-projector: progress read from GET /projections every 25 ms (each took p50 ${fixed(latencySummary(polls).p50Ms)} ms, max ${fixed(latencySummary(polls).maxMs)} ms): the resolution of the times above`,
        `loop-projector: checked afterwards: no dead letters; ${sample.length} accounts' revision and balance equal the store's`,
      ];
      return { rows, notes };
    },
  };
}
