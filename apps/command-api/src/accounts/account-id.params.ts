import { ApiProperty } from '@nestjs/swagger';
import { IsAccountId } from '../commands/validation/domain-value.validator';
import { accountIdSchema } from '../commands/validation/schemas';

/** The `{id}` of `/accounts/{id}/...`: a UUID, else 400 naming the `id` field. */
export class AccountIdParams {
  @ApiProperty({ ...accountIdSchema, example: '7f0c3a4e-2d1b-4c8e-9a6f-5b3e2d1c0a9f' })
  @IsAccountId()
  readonly id!: string;
}
