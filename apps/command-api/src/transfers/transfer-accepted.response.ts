import { ApiProperty } from '@nestjs/swagger';
import type { TransferAccepted } from './transfer-command-result';

/** The OpenAPI shape of `202 Accepted` for `POST /transfers`. */
export class TransferAcceptedResponse implements TransferAccepted {
  @ApiProperty({ format: 'uuid' })
  readonly transferId!: string;

  @ApiProperty({ example: 'transfer-3c1d7a52-8e0b-4f6a-9d2c-5b4e3f2a1b0c' })
  readonly streamId!: string;

  @ApiProperty({ description: 'The transfer stream revision after the request (0): wait for a later one with GET /transfers/{id}?minRevision=.', example: 0 })
  readonly revision!: number;

  @ApiProperty({ description: 'Store-wide position of the request event (a 64-bit integer as a string).', example: '1042' })
  readonly position!: string;

  @ApiProperty({ enum: ['pending'], description: 'The accounts have not answered yet; GET /transfers/{id} shows how it ends.' })
  readonly status!: 'pending';
}
