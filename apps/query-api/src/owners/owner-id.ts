import { OWNER_ID_PATTERN } from '@ledger/domain';
import { IsWellFormedText } from '@ledger/platform';
import { applyDecorators } from '@nestjs/common';
import { IsString, Matches } from 'class-validator';

/** How the OpenAPI documents describe an owner id, in queries, paths and answers alike. */
export const ownerIdSchema = {
  description: 'The bank’s own customer id, opaque and case-sensitive (a UUID is one).',
  pattern: OWNER_ID_PATTERN,
  minLength: 1,
  maxLength: 64,
  example: 'cust-100042',
} as const;

/**
 * An owner id in a query or a path, by the domain's rule (API.md: 1–64 characters from
 * `[A-Za-z0-9._:@-]`). It is used exactly as sent: case tells two customers apart, so it is
 * never lower-cased the way a UUID account id may be.
 */
export const IsOwnerId = () =>
  applyDecorators(
    IsString(),
    Matches(new RegExp(OWNER_ID_PATTERN), { message: '$property must be 1 to 64 characters from A-Z, a-z, 0-9 and . _ : @ -' }),
    IsWellFormedText(),
  );
