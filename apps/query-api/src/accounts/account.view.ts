import { ApiProperty } from '@nestjs/swagger';
import { ownerIdSchema } from '../owners/owner-id';
import type { AccountSummaryRow } from '../read-models/account-summaries';
import { moneyText } from '../read-models/money-text';

/** An account as GET /accounts/{id} and GET /accounts answer it (API.md). */
export class AccountView {
  @ApiProperty({ format: 'uuid' }) readonly accountId!: string;
  @ApiProperty(ownerIdSchema) readonly ownerId!: string;
  @ApiProperty({ example: 'EUR' }) readonly currency!: string;
  @ApiProperty({ example: '125.50', description: 'Decimal string with the currency’s minor digits.' }) readonly balance!: string;
  @ApiProperty({ enum: ['open', 'frozen', 'closed'] }) readonly status!: 'open' | 'frozen' | 'closed';
  @ApiProperty({ example: 3 }) readonly revision!: number;
  @ApiProperty({ format: 'date-time' }) readonly openedAt!: string;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt!: string;
}

export function accountViewOf(row: AccountSummaryRow): AccountView {
  return {
    accountId: row.account_id,
    ownerId: row.owner_id,
    currency: row.currency,
    balance: moneyText(row.balance_minor, row.currency),
    status: row.status,
    revision: Number(row.revision),
    openedAt: row.opened_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
