import { IsWellFormedText } from '@ledger/platform';
import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/**
 * Free text a person typed (a freeze reason, a payment reference): well-formed Unicode without
 * control characters (API.md), not blank, bounded so a body cannot smuggle megabytes into
 * every event.
 */
export const IsShortText = (maxLength: number) =>
  applyDecorators(IsString(), MaxLength(maxLength), Matches(/\S/, { message: '$property must not be blank' }), IsWellFormedText());
