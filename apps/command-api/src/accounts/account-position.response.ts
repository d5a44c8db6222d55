import { ApiProperty } from '@nestjs/swagger';
import type { AccountPosition } from './account-command-result';

/** The OpenAPI shape of every successful command's body. */
export class AccountPositionResponse implements AccountPosition {
  @ApiProperty({ format: 'uuid' })
  readonly accountId!: string;

  @ApiProperty({ example: 'account-7f0c3a4e-2d1b-4c8e-9a6f-5b3e2d1c0a9f' })
  readonly streamId!: string;

  @ApiProperty({ description: 'The account stream revision after the command; also sent as the ETag.', example: 3 })
  readonly revision!: number;

  @ApiProperty({ description: 'Store-wide position of the last event written (a 64-bit integer as a string).', example: '1042' })
  readonly position!: string;
}
