import { type SqlTransaction } from '../../port/sql-transaction';
import { type PostgresProjection } from '../../postgres/postgres-projection';
import { quoteIdentifier } from '@ledger/event-store/postgres';
import { accountChangesOf, type AccountChange } from '../account-changes';

export interface AccountSummaryOptions {
  readonly schema: string;
  /** `account_summary`, or a shadow copy's name while rebuilding. */
  readonly table?: string;
}

/**
 * `account_summary`: one row per account with its owner, currency, balance, status and the
 * revision it reflects. A batch costs two statements whatever its size: one insert for the
 * accounts it opens, one update for the others.
 */
export function accountSummaryProjection({ schema, table = 'account_summary' }: AccountSummaryOptions): PostgresProjection {
  const target = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
  return {
    async applyEvents(events, tx) {
      const changes = accountChangesOf(events);
      await insertOpened(tx, target, changes.filter((change) => change.opened !== undefined));
      await updateExisting(tx, target, changes.filter((change) => change.opened === undefined));
    },
  };
}

async function insertOpened(tx: SqlTransaction, target: string, changes: readonly AccountChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO ${target} (account_id, owner_id, currency, balance_minor, status, revision, opened_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::timestamptz[], $8::timestamptz[])`,
    [
      changes.map((change) => change.accountId),
      changes.map((change) => change.opened?.ownerId),
      changes.map((change) => change.opened?.currency),
      changes.map((change) => (change.balanceMinor ?? 0n).toString()),
      changes.map((change) => change.status ?? 'open'),
      changes.map((change) => change.revision.toString()),
      changes.map((change) => change.opened?.openedAt.toISOString()),
      changes.map((change) => change.updatedAt.toISOString()),
    ],
  );
}

async function updateExisting(tx: SqlTransaction, target: string, changes: readonly AccountChange[]): Promise<void> {
  if (changes.length === 0) return;
  const { rows } = await tx.query<{ account_id: string }>(
    `UPDATE ${target} s
        SET balance_minor = coalesce(c.balance_minor, s.balance_minor),
            status = coalesce(c.status, s.status),
            revision = c.revision,
            updated_at = c.updated_at
       FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::bigint[], $5::timestamptz[])
            AS c(account_id, balance_minor, status, revision, updated_at)
      WHERE s.account_id = c.account_id
     RETURNING s.account_id`,
    [
      changes.map((change) => change.accountId),
      changes.map((change) => change.balanceMinor?.toString() ?? null),
      changes.map((change) => change.status ?? null),
      changes.map((change) => change.revision.toString()),
      changes.map((change) => change.updatedAt.toISOString()),
    ],
  );
  if (rows.length !== changes.length) {
    const updated = new Set(rows.map((row) => row.account_id));
    const missing = changes.filter((change) => !updated.has(change.accountId)).map((change) => change.accountId);
    throw new Error(`account_summary has no row for ${missing.join(', ')}: the account's opening was never applied`);
  }
}
