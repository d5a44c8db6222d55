import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsOwnerId, ownerIdSchema } from '../../owners/owner-id';
import { PageParams } from '../query-params';

export class ListAccountsParams extends PageParams {
  @ApiPropertyOptional(ownerIdSchema)
  @IsOptional()
  @IsOwnerId()
  readonly ownerId?: string;

  @ApiPropertyOptional({ enum: ['open', 'frozen', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'frozen', 'closed'])
  readonly status?: 'open' | 'frozen' | 'closed';
}
