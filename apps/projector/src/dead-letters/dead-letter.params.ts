import { IsWellFormedText } from '@ledger/platform';
import { deadLetterStatuses, type DeadLetterStatus } from '@ledger/projections';
import { IsDecimalInteger } from '@ledger/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * Dead-letter ids are bigint identities in the table but JSON numbers in this API, exact only up
 * to 2^53-1: a larger id could not be named without landing on its neighbour, so it is refused.
 */
const deadLetterIds = { min: 1, max: Number.MAX_SAFE_INTEGER };

export class DeadLetterIdParams {
  @ApiProperty({ type: 'integer', example: 12, minimum: deadLetterIds.min, maximum: deadLetterIds.max })
  @IsDecimalInteger(deadLetterIds)
  readonly id!: number;
}

export const statusFilters = [...deadLetterStatuses, 'unresolved', 'all'] as const;
export type StatusFilter = (typeof statusFilters)[number];

/** `?projection=&status=&limit=&after=`. */
export class ListDeadLettersParams {
  @ApiPropertyOptional({ example: 'account-summary', maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*$', description: 'Only this projection\'s; well-formed text without control characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsWellFormedText()
  readonly projection?: string;

  @ApiPropertyOptional({ enum: statusFilters, default: 'unresolved', description: '`unresolved` = open and waiting.' })
  @IsOptional()
  @IsIn(statusFilters)
  readonly status?: StatusFilter;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @IsDecimalInteger({ min: 1, max: 500 })
  readonly limit?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Only entries after this id: the nextAfter of the previous page.', minimum: 0, maximum: deadLetterIds.max })
  @IsOptional()
  @IsDecimalInteger({ min: 0, max: deadLetterIds.max })
  readonly after?: number;
}

export function statusesOf(filter: StatusFilter = 'unresolved'): readonly DeadLetterStatus[] {
  if (filter === 'all') return deadLetterStatuses;
  if (filter === 'unresolved') return ['open', 'waiting'];
  return [filter];
}
