import { parseCurrency, parseMoney, type PositiveMoney } from '@ledger/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsAmountIn, IsCurrencyCode } from './validation/domain-value.validator';
import { amountByCurrencySchemas, currencySchema, shortTextSchema } from './validation/schemas';
import { IsShortText } from './validation/text';
import { validated } from './validated';

/** The body of a deposit or a withdrawal: money as a decimal string, never a float. */
export class MoneyMovementRequest {
  @ApiProperty({ description: 'Greater than 0, with at most the currency’s minor digits.', pattern: '^[0-9]{1,18}(\\.[0-9]{1,4})?$', example: '125.50' })
  @IsAmountIn('currency')
  readonly amount!: string;

  @ApiProperty({ ...currencySchema, description: 'ISO 4217 code; must be the account’s currency (a transfer’s: the source account’s).' })
  @IsCurrencyCode()
  readonly currency!: string;

  @ApiPropertyOptional({ ...shortTextSchema(140), example: 'invoice 2026-117' })
  @IsOptional()
  @IsShortText(140)
  readonly reference?: string;
}

/**
 * A body holding money (a deposit's, a withdrawal's, a transfer's: `model`) in the OpenAPI
 * document, with the amount's decimals tied to the currency, so no schema-valid amount is refused.
 */
export const MoneyBody = (model: new () => MoneyMovementRequest = MoneyMovementRequest) =>
  applyDecorators(ApiExtraModels(model), ApiBody({ schema: { allOf: [{ $ref: getSchemaPath(model) }], anyOf: amountByCurrencySchemas() } }));

/** The domain's side of a validated movement. */
export function moneyMovementOf(request: MoneyMovementRequest): { amount: PositiveMoney; reference?: string } {
  const amount = validated(parseMoney(request.amount, validated(parseCurrency(request.currency))));
  return { amount, ...(request.reference === undefined ? {} : { reference: request.reference }) };
}
