import { parseCurrency, parseMoney, type PositiveMoney } from '@ledger/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsAmountIn, IsCurrencyCode } from './validation/domain-value.validator';
import { IsShortText } from './validation/text';
import { validated } from './validated';

/** The body of a deposit or a withdrawal: money as a decimal string, never a float. */
export class MoneyMovementRequest {
  @ApiProperty({ description: 'Greater than 0, with at most the currency’s minor digits.', example: '125.50' })
  @IsAmountIn('currency')
  readonly amount!: string;

  @ApiProperty({ description: 'ISO 4217 code; must be the account’s currency.', example: 'EUR' })
  @IsCurrencyCode()
  readonly currency!: string;

  @ApiPropertyOptional({ maxLength: 140, example: 'invoice 2026-117' })
  @IsOptional()
  @IsShortText(140)
  readonly reference?: string;
}

/** The domain's side of a validated movement. */
export function moneyMovementOf(request: MoneyMovementRequest): { amount: PositiveMoney; reference?: string } {
  const amount = validated(parseMoney(request.amount, validated(parseCurrency(request.currency))));
  return { amount, ...(request.reference === undefined ? {} : { reference: request.reference }) };
}
