import { IsWellFormedText, shortTextSchema } from '@ledger/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Longest skip reason: a sentence or two for whoever reads the dead letter later, not a report. */
export const SKIP_REASON_MAX_LENGTH = 500;

/** `POST /dead-letters/{id}/skip`'s optional body: why the event is skipped, recorded with it. */
export class SkipDeadLetterRequest {
  @ApiPropertyOptional({
    ...shortTextSchema(SKIP_REASON_MAX_LENGTH),
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
