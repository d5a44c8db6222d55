import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class ProjectionNameParams {
  @ApiProperty({ example: 'account-summary', pattern: '^[a-z0-9-]{1,100}$' })
  @IsString()
  @Matches(/^[a-z0-9-]{1,100}$/, { message: 'name must be a projection name (lower-case letters, digits and dashes)' })
  readonly name!: string;
}
