import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsAccountId, IsCurrencyCode, IsOwnerId } from '../validation/domain-value.validator';

export class OpenAccountRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'Chosen by the client for safe retries; generated when absent.' })
  @IsOptional()
  @IsAccountId()
  readonly accountId?: string;

  @ApiProperty({ format: 'uuid', example: '3b9f1c2a-8d4e-4f6a-b1c3-9e8d7f6a5b4c' })
  @IsOwnerId()
  readonly ownerId!: string;

  @ApiProperty({ description: 'ISO 4217 code; the account holds only this currency.', example: 'EUR' })
  @IsCurrencyCode()
  readonly currency!: string;
}
