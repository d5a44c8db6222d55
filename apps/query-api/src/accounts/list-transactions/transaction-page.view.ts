import { ApiProperty } from '@nestjs/swagger';
import type { TransactionView } from './transaction.view';

/** The OpenAPI shape of `TransactionView`. */
export class TransactionItemView implements TransactionView {
  @ApiProperty({ example: 3 }) readonly revision!: number;
  @ApiProperty({ enum: ['deposit', 'withdrawal'] }) readonly type!: 'deposit' | 'withdrawal';
  @ApiProperty({ example: '125.50' }) readonly amount!: string;
  @ApiProperty({ example: '250.00' }) readonly balanceAfter!: string;
  @ApiProperty({ type: 'string', nullable: true }) readonly reference!: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The transfer this movement is a leg of (debit, credit or refund); null for a plain deposit or withdrawal.' })
  readonly transferId!: string | null;
  @ApiProperty({ format: 'date-time' }) readonly occurredAt!: string;
}

/** The OpenAPI shape of a page of GET /accounts/{id}/transactions (`TransactionPage`), newest first. */
export class TransactionPageView {
  @ApiProperty({ type: [TransactionItemView] }) readonly items!: TransactionItemView[];
  @ApiProperty({ type: 'string', nullable: true, description: 'Pass back as cursor for the next page; null on the last page.' })
  readonly nextCursor!: string | null;
}
