import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/**
 * Free text a person typed (a freeze reason, a payment reference): a string of printable
 * characters, not blank, bounded so a body cannot smuggle megabytes into every event.
 */
export const IsShortText = (maxLength: number) =>
  applyDecorators(
    IsString(),
    MaxLength(maxLength),
    Matches(/\S/, { message: '$property must not be blank' }),
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    Matches(/^[^\u0000-\u001f\u007f]*$/, { message: '$property must not contain control characters' }),
  );
