import { quoteIdentifier } from '@ledger/event-store/postgres';
import { type PostgresProjection } from '../../postgres/postgres-projection';
import { type SqlTransaction } from '../../port/sql-transaction';
import { transferChangesOf, type TransferChange } from '../transfer-changes';

export interface TransferSummaryOptions {
  readonly schema: string;
  /** `transfer_summary`, or a shadow copy's name while rebuilding. */
  readonly table?: string;
}

type Requested = TransferChange & { readonly requested: NonNullable<TransferChange['requested']> };

/**
 * `transfer_summary`: one row per transfer with its terms (accounts, their owners, amount,
 * reference), its status, the refusing account's code and the revision it reflects. A batch
 * costs two statements whatever its size: one insert for the transfers it requests, one update
 * for the others.
 */
export function transferSummaryProjection({ schema, table = 'transfer_summary' }: TransferSummaryOptions): PostgresProjection {
  const target = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
  return {
    async applyEvents(events, tx) {
      const changes = transferChangesOf(events);
      await insertRequested(tx, target, changes.filter((change): change is Requested => change.requested !== undefined));
      await updateExisting(tx, target, changes.filter((change) => change.requested === undefined));
    },
  };
}

async function insertRequested(tx: SqlTransaction, target: string, changes: readonly Requested[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `INSERT INTO ${target} (transfer_id, from_account_id, from_owner_id, to_account_id, to_owner_id, amount_minor, currency, reference,
                            status, failure_code, revision, created_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::bigint[], $7::text[], $8::text[],
                          $9::text[], $10::text[], $11::bigint[], $12::timestamptz[], $13::timestamptz[])`,
    [
      changes.map((change) => change.transferId),
      changes.map((change) => change.requested.fromAccountId),
      changes.map((change) => change.requested.fromOwnerId),
      changes.map((change) => change.requested.toAccountId),
      changes.map((change) => change.requested.toOwnerId),
      changes.map((change) => change.requested.amountMinor.toString()),
      changes.map((change) => change.requested.currency),
      changes.map((change) => change.requested.reference),
      changes.map((change) => change.status ?? 'pending'),
      changes.map((change) => change.failureCode ?? null),
      changes.map((change) => change.revision.toString()),
      changes.map((change) => change.requested.createdAt.toISOString()),
      changes.map((change) => change.updatedAt.toISOString()),
    ],
  );
}

async function updateExisting(tx: SqlTransaction, target: string, changes: readonly TransferChange[]): Promise<void> {
  if (changes.length === 0) return;
  const { rows } = await tx.query<{ transfer_id: string }>(
    `UPDATE ${target} s
        SET status = coalesce(c.status, s.status),
            failure_code = coalesce(c.failure_code, s.failure_code),
            revision = c.revision,
            updated_at = c.updated_at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[])
            AS c(transfer_id, status, failure_code, revision, updated_at)
      WHERE s.transfer_id = c.transfer_id
     RETURNING s.transfer_id`,
    [
      changes.map((change) => change.transferId),
      changes.map((change) => change.status ?? null),
      changes.map((change) => change.failureCode ?? null),
      changes.map((change) => change.revision.toString()),
      changes.map((change) => change.updatedAt.toISOString()),
    ],
  );
  if (rows.length !== changes.length) {
    const updated = new Set(rows.map((row) => row.transfer_id));
    const missing = changes.filter((change) => !updated.has(change.transferId)).map((change) => change.transferId);
    throw new Error(`transfer_summary has no row for ${missing.join(', ')}: the transfer's request was never applied`);
  }
}
