import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { MoneyMovementRequest } from '../../commands/money-movement.request';
import { IsAccountId, IsTransferId } from '../../commands/validation/domain-value.validator';
import { accountIdSchema } from '../../commands/validation/schemas';

/** The body of `POST /transfers`: a money movement between two accounts. */
export class RequestTransferRequest extends MoneyMovementRequest {
  @ApiPropertyOptional({ ...accountIdSchema, description: 'Chosen by the client for safe retries; generated when absent.' })
  @IsOptional()
  @IsTransferId()
  readonly transferId?: string;

  @ApiProperty({ ...accountIdSchema, description: 'The account debited; a customer’s own.' })
  @IsAccountId()
  readonly fromAccountId!: string;

  @ApiProperty({ ...accountIdSchema, description: 'The account credited; anyone’s.' })
  @IsAccountId()
  readonly toAccountId!: string;
}
