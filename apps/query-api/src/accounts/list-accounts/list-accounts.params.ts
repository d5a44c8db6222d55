import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageParams } from '../query-params';

export class ListAccountsParams extends PageParams {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  readonly ownerId?: string;

  @ApiPropertyOptional({ enum: ['open', 'frozen', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'frozen', 'closed'])
  readonly status?: 'open' | 'frozen' | 'closed';
}
