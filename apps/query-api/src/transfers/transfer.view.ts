import { accountErrorCodes } from '@ledger/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { TransferSummaryRow } from '../read-models/transfer-summaries';
import { moneyText } from '../read-models/money-text';

type TransferStatus = TransferSummaryRow['status'];

/**
 * A transfer as GET /transfers/{id} answers it (API.md). `failureCode` is there once the transfer
 * ended without the money arriving (`failed`, `reversed`); a pending transfer whose credit was
 * refused shows none until its refund is recorded, so a client never reads a pending transfer
 * as a failed one.
 */
export class TransferView {
  @ApiProperty({ format: 'uuid' }) readonly transferId!: string;
  @ApiProperty({ format: 'uuid' }) readonly fromAccountId!: string;
  @ApiProperty({ format: 'uuid' }) readonly toAccountId!: string;
  @ApiProperty({ example: '125.50', description: 'Decimal string with the currency’s minor digits.' }) readonly amount!: string;
  @ApiProperty({ example: 'EUR' }) readonly currency!: string;
  @ApiProperty({ type: 'string', nullable: true, description: 'As the request gave it; null when it gave none.' }) readonly reference!: string | null;
  @ApiProperty({
    enum: ['pending', 'completed', 'failed', 'reversed'],
    description: 'pending: the accounts have not answered for good yet; completed: the money arrived; failed: nothing moved; reversed: debited, then credited back because the credit was refused.',
  })
  readonly status!: TransferStatus;
  @ApiPropertyOptional({ enum: accountErrorCodes, description: 'Why the money did not arrive: the refusing account’s code. Only when status is failed or reversed.' })
  readonly failureCode?: string;
  @ApiProperty({ example: 2, description: 'The transfer stream’s revision this answer reflects.' }) readonly revision!: number;
  @ApiProperty({ format: 'date-time' }) readonly createdAt!: string;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt!: string;
}

/** The ends where the money did not arrive: the only statuses that name a failure code. */
const unsuccessful: ReadonlySet<TransferStatus> = new Set(['failed', 'reversed']);

export function transferViewOf(row: TransferSummaryRow): TransferView {
  return {
    transferId: row.transfer_id,
    fromAccountId: row.from_account_id,
    toAccountId: row.to_account_id,
    amount: moneyText(row.amount_minor, row.currency),
    currency: row.currency,
    reference: row.reference,
    status: row.status,
    ...(unsuccessful.has(row.status) && row.failure_code !== null ? { failureCode: row.failure_code } : {}),
    revision: Number(row.revision),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
