import { deadLetterStatuses, type DeadLetterStatus } from '@ledger/projections';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export class DeadLetterIdParams {
  @ApiProperty({ example: 12 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a dead letter id (an integer)' })
  @Min(1)
  readonly id!: number;
}

export const statusFilters = [...deadLetterStatuses, 'unresolved', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];

/** `?projection=&status=&limit=&after=`. */
export class ListDeadLettersParams {
  @ApiPropertyOptional({ example: 'account-summary' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  readonly projection?: string;

  @ApiPropertyOptional({ enum: statusFilters, default: 'unresolved', description: '`unresolved` = open and waiting.' })
  @IsOptional()
  @IsIn(statusFilters)
  readonly status?: StatusFilter;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  readonly limit?: number;

  @ApiPropertyOptional({ description: 'Only entries after this id: the nextAfter of the previous page.', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly after?: number;
}

export function statusesOf(filter: StatusFilter = 'unresolved'): readonly DeadLetterStatus[] {
  if (filter === 'all') return deadLetterStatuses;
  if (filter === 'unresolved') return ['open', 'waiting'];
  return [filter];
}
