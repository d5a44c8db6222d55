import { ApiProperty } from '@nestjs/swagger';
import { shortTextSchema } from '../../commands/validation/schemas';
import { IsShortText } from '../../commands/validation/text';

export class FreezeAccountRequest {
  @ApiProperty({ ...shortTextSchema(500), example: 'suspected fraud, case 4711' })
  @IsShortText(500)
  readonly reason!: string;
}
