import { OWNER_ID_PATTERN } from '@ledger/domain';
import { IsWellFormedText } from '@ledger/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsAccountId, IsCurrencyCode, IsOwnerId } from '../../commands/validation/domain-value.validator';
import { accountIdSchema, currencySchema } from '../../commands/validation/schemas';

export class OpenAccountRequest {
  @ApiPropertyOptional({ ...accountIdSchema, description: 'Chosen by the client for safe retries; generated when absent.' })
  @IsOptional()
  @IsAccountId()
  readonly accountId?: string;

  @ApiPropertyOptional({
    description:
      'The bank’s own customer id, opaque and case-sensitive (a UUID is one). A teller must give it; a customer may omit it ' +
      'or give their own subject, and opens accounts for themselves only.',
    pattern: OWNER_ID_PATTERN,
    minLength: 1,
    maxLength: 64,
    example: 'cust-100042',
  })
  @IsOptional()
  @IsOwnerId()
  @IsWellFormedText()
  readonly ownerId?: string;

  @ApiProperty({ ...currencySchema, description: 'ISO 4217 code; the account holds only this currency.' })
  @IsCurrencyCode()
  readonly currency!: string;
}
