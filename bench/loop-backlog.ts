// What the loop's catch-up scenarios share (loop-relay, loop-projector): a backlog of deposits
// appended straight to the event store while an app is stopped, and the projector's own word
// (GET /projections) on how far it got, checked afterwards against the store.
import { type NewEvent } from '@ledger/event-store';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import type { BenchContext } from './context';
import { inParallel, type LoopAccount, type LoopSession } from './loop-session';

/** Deposits per append (as bench/store.ts appends), `context.clients` appends at a time. */
export const perCommit = 10;

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

/**
 * Appends `total` deposits spread evenly over the accounts, at their true revisions and balances
 * (each account's `revision` follows, so the read models can be checked against it); returns
 * the store's last position.
 */
export async function appendBacklog(context: BenchContext, schema: string, accounts: readonly LoopAccount[], total: number): Promise<bigint> {
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

/** One projection on GET /projections (the fields the bench reads). */
export interface ProjectionReport {
  readonly name: string;
  readonly state: string;
  readonly applied: number;
  readonly duplicates: number;
  readonly deadLetters: number | null;
  readonly lag: { readonly events: number | null };
}

/** GET /projections as an operator (`headers`), or undefined while the projector does not answer it. */
export async function projectionReports(url: string, headers: Readonly<Record<string, string>>): Promise<ProjectionReport[] | undefined> {
  const answer = await fetch(`${url}/projections`, { headers }).catch(() => undefined);
  return answer?.status === 200 ? ((await answer.json()) as { items: ProjectionReport[] }).items : undefined;
}

/**
 * Waits until every projection runs with nothing left on Kafka (its group's lag, asked from the
 * brokers), so the next scenario starts from a projector that has applied everything.
 */
export async function projectionsCaughtUp(url: string, headers: Readonly<Record<string, string>>, timeoutMs: number): Promise<ProjectionReport[]> {
  let last: ProjectionReport[] = [];
  for (const deadline = performance.now() + timeoutMs; ; await sleep(100)) {
    last = (await projectionReports(url, headers)) ?? last;
    if (last.length > 0 && last.every((report) => report.state === 'running' && report.lag.events === 0)) return last;
    if (performance.now() > deadline) throw new Error(`the projector did not catch up in ${timeoutMs / 1000} s: ${JSON.stringify(last)}`);
  }
}

/**
 * Throws unless the projector parked nothing and 20 accounts' summaries show the revision and
 * balance the store has (every deposit is 1.00); returns the note saying so.
 */
export async function checkReadModels(loop: LoopSession, reports: readonly ProjectionReport[], scenario: string): Promise<string> {
  const deadLetters = reports.reduce((sum, report) => sum + (report.deadLetters ?? 0), 0);
  const sample = loop.accounts.slice(0, 20);
  const wrong: string[] = [];
  for (const account of sample) {
    const body = (await loop.queries.get(`/accounts/${account.accountId}`)).text || '{}';
    const { revision, balance } = JSON.parse(body) as { revision?: number; balance?: string };
    if (revision !== account.revision || balance !== `${account.revision}.00`) wrong.push(`${account.accountId}: ${body.slice(0, 120)} (expected revision ${account.revision})`);
  }
  if (wrong.length > 0 || deadLetters > 0) throw new Error(`${scenario}: the read models disagree with the store after the backlog (dead letters ${deadLetters}): ${wrong.join('; ')}`);
  return `${scenario}: checked afterwards: no dead letters; ${sample.length} accounts' revision and balance equal the store's`;
}
