import { assertNever } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { type PostgresProjection } from '../../postgres/postgres-projection';
import { quoteIdentifier } from '@ledger/event-store/postgres';
import { accountEventOf, occurredAtOf } from '../account-event-of';

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

/** `account_transactions`: one row per deposit or withdrawal, keyed by account and revision, with the balance after it. */
export function accountTransactionsProjection({ schema, table = 'account_transactions' }: AccountTransactionsOptions): PostgresProjection {
  const target = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
  return {
    async applyEvents(events, tx) {
      const rows = events.flatMap(rowsOf);
      if (rows.length === 0) return;
      await tx.query(
        `INSERT INTO ${target} (account_id, revision, type, amount_minor, currency, balance_after_minor, reference, occurred_at)
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::text[], $8::timestamptz[])`,
        [
          rows.map((row) => row.accountId),
          rows.map((row) => row.revision.toString()),
          rows.map((row) => row.type),
          rows.map((row) => row.amountMinor.toString()),
          rows.map((row) => row.currency),
          rows.map((row) => row.balanceAfterMinor.toString()),
          rows.map((row) => row.reference),
          rows.map((row) => row.occurredAt.toISOString()),
        ],
      );
    },
  };
}
