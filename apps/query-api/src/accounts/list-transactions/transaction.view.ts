import type { TransactionRow } from '../../read-models/account-transactions';
import { moneyText } from '../../read-models/money-text';

/** One money movement as GET /accounts/{id}/transactions answers it (API.md). */
export interface TransactionView {
  readonly revision: number;
  readonly type: 'deposit' | 'withdrawal';
  readonly amount: string;
  readonly balanceAfter: string;
  readonly reference: string | null;
  /** The transfer the movement belongs to (its debit, credit or refund), null for a plain deposit or withdrawal: always present, like `reference`. */
  readonly transferId: string | null;
  readonly occurredAt: string;
}

export function transactionViewOf(row: TransactionRow): TransactionView {
  return {
    revision: Number(row.revision),
    type: row.type,
    amount: moneyText(row.amount_minor, row.currency),
    balanceAfter: moneyText(row.balance_after_minor, row.currency),
    reference: row.reference,
    transferId: row.transfer_id,
    occurredAt: row.occurred_at.toISOString(),
  };
}
