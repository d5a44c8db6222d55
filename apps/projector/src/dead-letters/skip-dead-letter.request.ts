import { IsWellFormedText } from '@ledger/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Longest skip reason: a sentence or two for whoever reads the dead letter later, not a report. */
export const SKIP_REASON_MAX_LENGTH = 500;

/** `POST /dead-letters/{id}/skip`'s optional body: why the event is skipped, recorded with it. */
export class SkipDeadLetterRequest {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: SKIP_REASON_MAX_LENGTH,
    // One visible character that is not a control either (`\S` alone would admit U+0008).
    pattern: '^[^\\u0000-\\u001f\\u007f-\\u009f]*[^\\s\\ufeff\\u0000-\\u001f\\u007f-\\u009f][^\\u0000-\\u001f\\u007f-\\u009f]*$',
    example: 'duplicate of event 4711, applied by hand (ticket OPS-93)',
    description: 'Why the event is skipped; recorded on the dead letter with the caller. Well-formed text, not blank, no control characters.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SKIP_REASON_MAX_LENGTH)
  @Matches(/\S/, { message: '$property must not be blank' })
  @IsWellFormedText()
  readonly reason?: string;
}
