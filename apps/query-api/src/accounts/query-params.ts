import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `?minRevision=&timeoutMs=`: read-your-writes (API.md). */
export class ReadYourWritesParams {
  @ApiPropertyOptional({ description: 'Wait until the read model has applied this revision of the account (from a command answer).', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly minRevision?: number;

  @ApiPropertyOptional({ description: 'How long to wait for minRevision; default 5000, at most 30000.', minimum: 0, maximum: 30_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30_000)
  readonly timeoutMs?: number;
}

/** `?limit=&cursor=`: keyset pagination with an opaque cursor (API.md). */
export class PageParams {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  readonly limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  readonly cursor?: string;
}

/** `/accounts/{id}/transactions` takes both a page and read-your-writes. */
export class TransactionsParams extends IntersectionType(PageParams, ReadYourWritesParams) {}

export const DEFAULT_PAGE_SIZE = 50;
