import { ApiProperty } from '@nestjs/swagger';
import { IsShortText } from '../validation/text';

export class FreezeAccountRequest {
  @ApiProperty({ maxLength: 500, example: 'suspected fraud, case 4711' })
  @IsShortText(500)
  readonly reason!: string;
}
