import { INT64_MAX, IsDecimalInteger, IsWellFormedText } from '@ledger/platform';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `?minRevision=&timeoutMs=`: read-your-writes (API.md). */
export class ReadYourWritesParams {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int64',
    description: 'Wait until the read model has applied this revision of the account or transfer (from a command answer). Decimal digits, 0 to 2^63-1.',
    minimum: 0,
  })
  @IsOptional()
  @IsDecimalInteger({ min: 0n, max: INT64_MAX })
  readonly minRevision?: bigint;

  @ApiPropertyOptional({ type: 'integer', description: 'How long to wait for minRevision; default 5000, at most 30000.', minimum: 0, maximum: 30_000 })
  @IsOptional()
  @IsDecimalInteger({ min: 0, max: 30_000 })
  readonly timeoutMs?: number;
}

/** `?limit=&cursor=`: keyset pagination with an opaque cursor (API.md). */
export class PageParams {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @IsDecimalInteger({ min: 1, max: 200 })
  readonly limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page, as it was (opaque).', pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength: 512 })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @IsWellFormedText()
  readonly cursor?: string;
}

/** `/accounts/{id}/transactions` takes both a page and read-your-writes. */
export class TransactionsParams extends IntersectionType(PageParams, ReadYourWritesParams) {}

export const DEFAULT_PAGE_SIZE = 50;
