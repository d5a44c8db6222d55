import { ApiProperty } from '@nestjs/swagger';
import { ownerIdSchema } from '../../owners/owner-id';
import type { PortfolioDocument } from '../../read-models/customer-portfolios';
import { moneyText } from '../../read-models/money-text';

export class PortfolioAccountView {
  @ApiProperty({ format: 'uuid' }) readonly accountId!: string;
  @ApiProperty({ example: 'EUR' }) readonly currency!: string;
  @ApiProperty({ example: '125.50' }) readonly balance!: string;
  @ApiProperty({ enum: ['open', 'frozen', 'closed'] }) readonly status!: 'open' | 'frozen' | 'closed';
}

/** A customer's accounts and totals per currency, from MongoDB (API.md). */
export class PortfolioView {
  @ApiProperty(ownerIdSchema) readonly ownerId!: string;
  @ApiProperty({ type: [PortfolioAccountView] }) readonly accounts!: PortfolioAccountView[];
  @ApiProperty({ example: { EUR: '125.50', JPY: '300' }, description: 'Sum of balances per currency.' })
  readonly totals!: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) readonly updatedAt!: string;
}

/** Totals are summed here in exact minor units (bigint), never as floats. */
export function portfolioViewOf(document: PortfolioDocument): PortfolioView {
  const accounts = Object.values(document.accounts).sort((a, b) => a.accountId.localeCompare(b.accountId));
  const totalsMinor = new Map<string, bigint>();
  for (const account of accounts) {
    totalsMinor.set(account.currency, (totalsMinor.get(account.currency) ?? 0n) + BigInt(account.balanceMinor));
  }
  return {
    ownerId: document.ownerId,
    accounts: accounts.map(({ accountId, currency, balanceMinor, status }) => ({ accountId, currency, balance: moneyText(balanceMinor, currency), status })),
    totals: Object.fromEntries([...totalsMinor].sort(([a], [b]) => a.localeCompare(b)).map(([currency, minor]) => [currency, moneyText(minor, currency)])),
    updatedAt: document.updatedAt.toISOString(),
  };
}
