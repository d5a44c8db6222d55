import { assertNever } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { type PostgresProjection } from '../../postgres/postgres-projection';
import { quoteIdentifier } from '@ledger/event-store/postgres';
import { occurredAtOf } from '../../runtime/occurred-at';
import { accountEventOf } from '../account-event-of';

export interface AccountTransactionsOptions {
  readonly schema: string;
  /** `account_transactions`, or a shadow copy's name while rebuilding. */
  readonly table?: string;
}

interface TransactionRow {
  readonly accountId: string;
  readonly revision: bigint;
  readonly type: 'deposit' | 'withdrawal';
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly balanceAfterMinor: bigint;
  readonly reference: string | null;
  /** The transfer the movement is a leg of (its debit, credit or refund); null for a plain deposit or withdrawal. */
  readonly transferId: string | null;
  readonly occurredAt: Date;
}

/** The row of a money movement; other events write none (but still advance the guard). */
function rowsOf(recorded: RecordedEvent): TransactionRow[] {
  const event = accountEventOf(recorded);
  switch (event.type) {
    case 'MoneyDeposited':
    case 'MoneyWithdrawn':
      return [
        {
          accountId: event.accountId,
          revision: recorded.streamRevision,
          type: event.type === 'MoneyDeposited' ? 'deposit' : 'withdrawal',
          amountMinor: event.amount.amountMinor,
          currency: event.amount.currency,
          balanceAfterMinor: event.balanceAfter.amountMinor,
          reference: event.reference ?? null,
          transferId: event.transferId ?? null,
          occurredAt: occurredAtOf(recorded),
        },
      ];
    case 'AccountOpened':
    case 'AccountFrozen':
    case 'AccountUnfrozen':
    case 'AccountClosed':
      return [];
    default:
      return assertNever(event);
  }
}

/**
 * `account_transactions`: one row per deposit or withdrawal, keyed by account and revision, with
 * the balance after it and the transfer it belongs to, if any.
 */
export function accountTransactionsProjection({ schema, table = 'account_transactions' }: AccountTransactionsOptions): PostgresProjection {
  const target = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
  return {
    async applyEvents(events, tx) {
      const rows = events.flatMap(rowsOf);
      if (rows.length === 0) return;
      await tx.query(
        `INSERT INTO ${target} (account_id, revision, type, amount_minor, currency, balance_after_minor, reference, transfer_id, occurred_at)
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::text[], $8::uuid[], $9::timestamptz[])`,
        [
          rows.map((row) => row.accountId),
          rows.map((row) => row.revision.toString()),
          rows.map((row) => row.type),
          rows.map((row) => row.amountMinor.toString()),
          rows.map((row) => row.currency),
          rows.map((row) => row.balanceAfterMinor.toString()),
          rows.map((row) => row.reference),
          rows.map((row) => row.transferId),
          rows.map((row) => row.occurredAt.toISOString()),
        ],
      );
    },
  };
}
