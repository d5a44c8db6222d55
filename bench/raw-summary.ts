// The raw cost of the account summary's writes: a bare table of account_summary's columns
// (primary key only: no guard, no secondary index, no projection lock) and one multi-row upsert
// per batch in a single statement (its own transaction, committed durably). The rows are what
// the projection itself derives from a batch (accountChangesOf: one row per account, its last
// revision and balance), written with unnest as the projection writes them.
// Used by loop-projector's raw-bulk-upsert and loop-lag's raw-kafka-roundtrip.
import { type RecordedEvent } from '@ledger/event-store';
import { quoteIdentifier } from '@ledger/event-store/postgres';
import { accountChangesOf } from '@ledger/projections/accounts';
import type { Pool } from 'pg';

/** What a deposit does not say about its account, for the row's insert half. */
export interface SummaryAccount {
  readonly accountId: string;
  readonly ownerId: string;
}

export interface SummaryRow {
  readonly accountId: string;
  readonly ownerId: string;
  readonly balanceMinor: string;
  readonly status: string;
  readonly revision: string;
  readonly updatedAt: string;
}

export class RawSummaryTable {
  readonly table: string;
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly pool: Pool,
    schema: string,
    name: string,
  ) {
    this.table = `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
  }

  /** Creates (or empties) the table and gives each account its row, as the projection had them before the batches. */
  async prepare(accounts: readonly SummaryAccount[]): Promise<void> {
    await this.pool.query(
      `CREATE TABLE IF NOT EXISTS ${this.table} (account_id uuid PRIMARY KEY, owner_id uuid NOT NULL, currency text NOT NULL, balance_minor bigint NOT NULL,
         status text NOT NULL, revision bigint NOT NULL, opened_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`,
    );
    await this.pool.query(`TRUNCATE ${this.table}`);
    for (const account of accounts) this.owners.set(account.accountId, account.ownerId);
    const now = new Date().toISOString();
    await this.upsert(accounts.map((account) => ({ accountId: account.accountId, ownerId: account.ownerId, balanceMinor: '0', status: 'open', revision: '0', updatedAt: now })));
    await this.pool.query(`VACUUM ANALYZE ${this.table}`);
  }

  /** The rows account-summary writes for these events (one per account); throws on an account `prepare` did not know. */
  rowsOf(events: readonly RecordedEvent[]): SummaryRow[] {
    return accountChangesOf(events).map((change) => {
      const ownerId = this.owners.get(change.accountId);
      if (ownerId === undefined) throw new Error(`raw summary: unknown account ${change.accountId}`);
      return {
        accountId: change.accountId,
        ownerId,
        balanceMinor: (change.balanceMinor ?? 0n).toString(),
        status: change.status ?? 'open',
        revision: change.revision.toString(),
        updatedAt: change.updatedAt.toISOString(),
      };
    });
  }

  async upsert(rows: readonly SummaryRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(
      `INSERT INTO ${this.table} AS s (account_id, owner_id, currency, balance_minor, status, revision, opened_at, updated_at)
       SELECT account_id, owner_id, 'EUR', balance_minor, status, revision, updated_at, updated_at
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::bigint[], $6::timestamptz[])
              AS r(account_id, owner_id, balance_minor, status, revision, updated_at)
       ON CONFLICT (account_id) DO UPDATE
          SET balance_minor = excluded.balance_minor, status = excluded.status, revision = excluded.revision, updated_at = excluded.updated_at`,
      [
        rows.map((row) => row.accountId),
        rows.map((row) => row.ownerId),
        rows.map((row) => row.balanceMinor),
        rows.map((row) => row.status),
        rows.map((row) => row.revision),
        rows.map((row) => row.updatedAt),
      ],
    );
  }
}
