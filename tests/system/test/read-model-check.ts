import { accountStreamId, decodeAccountEvent, evolve, initialState, type AccountState } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';
import { eventually } from '@ledger/event-store/testing';
import { copyNameOf } from '@ledger/projections';
import { portfolioCollection } from '@ledger/projections/accounts';
import { ProjectionVersions } from '@ledger/projections/postgres';
import { type MongoClient } from 'mongodb';
import { isDeepStrictEqual } from 'node:util';
import { type Pool } from 'pg';

/** What every read model must say about one account: the fold of its events in the store. */
interface AccountTruth {
  readonly summary: { status: string; balanceMinor: string; revision: string };
  readonly transactions: string[];
}

type Views = Readonly<Record<string, unknown>>;

function truthOf(state: AccountState, revision: bigint, movements: string[]): AccountTruth {
  if (state.status === 'not-opened') throw new Error('an account stream without an opening');
  const balanceMinor = state.status === 'closed' ? '0' : state.balance.amountMinor.toString();
  return { summary: { status: state.status, balanceMinor, revision: revision.toString() }, transactions: movements };
}

/** Folds each account's stream from the event store (either adapter): the only source of truth. */
export async function foldFromStore(store: Pick<EventStore, 'readStream'>, accountIds: readonly string[]): Promise<Map<string, AccountTruth>> {
  const truths = new Map<string, AccountTruth>();
  for (const accountId of accountIds) {
    const recorded = await store.readStream(accountStreamId(accountId), { direction: 'forwards' });
    let state: AccountState = initialState;
    const movements: string[] = [];
    for (const event of recorded) {
      const decoded = decodeAccountEvent(event);
      state = evolve(state, decoded);
      if (decoded.type === 'MoneyDeposited' || decoded.type === 'MoneyWithdrawn') {
        const kind = decoded.type === 'MoneyDeposited' ? 'deposit' : 'withdrawal';
        movements.push(`${event.streamRevision} ${kind} ${decoded.amount.amountMinor} → ${decoded.balanceAfter.amountMinor}`);
      }
    }
    truths.set(accountId, truthOf(state, recorded.at(-1)?.streamRevision ?? -1n, movements));
  }
  return truths;
}

/** Each read model's view of the same accounts, in the shape of `AccountTruth`. */
export async function readModelViews(pool: Pool, schema: string, mongo: MongoClient, accountIds: readonly string[]) {
  const summaries = await pool.query<{ account_id: string; status: string; balance_minor: string; revision: string }>(
    `SELECT account_id, status, balance_minor::text, revision::text FROM "${schema}".account_summary WHERE account_id = ANY($1::uuid[])`,
    [accountIds],
  );
  const movements = await pool.query<{ account_id: string; line: string }>(
    `SELECT account_id, revision || ' ' || type || ' ' || amount_minor || ' → ' || balance_after_minor AS line
       FROM "${schema}".account_transactions WHERE account_id = ANY($1::uuid[]) ORDER BY account_id, revision`,
    [accountIds],
  );
  // A rebuild may have swapped another copy of the portfolio in: read the one readers are pointed at.
  const liveCopy = await new ProjectionVersions(schema).liveCopy(pool, 'customer-portfolio');
  const portfolios = await mongo
    .db()
    .collection<{ accounts: Record<string, { status: string; balanceMinor: string; revision: number }> }>(copyNameOf(portfolioCollection, liveCopy))
    .find({})
    .toArray();

  const summary: Views = Object.fromEntries(summaries.rows.map((row) => [row.account_id, { status: row.status, balanceMinor: row.balance_minor, revision: row.revision }]));
  const transactions: Record<string, string[]> = {};
  for (const row of movements.rows) (transactions[row.account_id] ??= []).push(row.line);
  const portfolio: Views = Object.fromEntries(
    portfolios.flatMap((document) => Object.entries(document.accounts)).map(([id, account]) => [id, { status: account.status, balanceMinor: account.balanceMinor, revision: String(account.revision) }]),
  );
  return { summary, transactions, portfolio };
}

/** The views every read model should show, from the truth: compared with `toEqual` for a readable diff. */
export function expectedViews(truths: ReadonlyMap<string, AccountTruth>) {
  const entries = [...truths];
  return {
    summary: Object.fromEntries(entries.map(([id, truth]) => [id, truth.summary])),
    transactions: Object.fromEntries(entries.filter(([, truth]) => truth.transactions.length > 0).map(([id, truth]) => [id, truth.transactions])),
    portfolio: Object.fromEntries(entries.map(([id, truth]) => [id, truth.summary])),
  };
}

/**
 * Waits, bounded, until `read` shows `expected`, then returns what it shows either way, to be
 * compared with `toEqual` for a readable diff; on a timeout `explain` runs first (diagnostics).
 */
export async function settledViews<V>(read: () => Promise<V>, expected: V, timeoutMs: number, explain: () => Promise<void>): Promise<V> {
  try {
    return await eventually(read, (views) => isDeepStrictEqual(views, expected), { what: 'the read models match the store', timeoutMs, intervalMs: 250 });
  } catch {
    await explain();
    return read();
  }
}
