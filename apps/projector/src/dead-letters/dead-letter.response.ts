import { deadLetterStatuses, type DeadLetter, type DeadLetterAction, type DeadLetterStatus } from '@ledger/projections';
import { ApiProperty } from '@nestjs/swagger';

class DeadLetterSourceResponse {
  @ApiProperty({ example: 'ledger.account' })
  readonly topic!: string;

  @ApiProperty({ nullable: true, type: Number, description: 'Null for an event read from the event store to fill a gap.' })
  readonly partition!: number | null;

  @ApiProperty({ nullable: true, type: String, example: '1042' })
  readonly offset!: string | null;
}

/** An operator's retry or skip, as recorded. */
class DeadLetterResolutionResponse {
  @ApiProperty({ description: 'The operator who resolved it: their token\'s subject.', example: 'ops-anna' })
  readonly by!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Why it was skipped, as given; null for a retry or a skip without a reason.' })
  readonly reason!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  readonly at!: string;
}

/** One dead-lettered (or waiting) event: what is known of it, why it failed, how often, and where it stands. */
export class DeadLetterResponse {
  @ApiProperty({ example: 12 })
  readonly id!: number;

  @ApiProperty({ example: 'account-summary' })
  readonly projection!: string;

  @ApiProperty({ enum: deadLetterStatuses })
  readonly status!: DeadLetterStatus;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  readonly eventId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'account-7f0c3a4e-2d1b-4c8e-9a6f-5b3e2d1c0a9f' })
  readonly streamId!: string | null;

  @ApiProperty({ nullable: true, type: Number, example: 3 })
  readonly revision!: number | null;

  @ApiProperty({ nullable: true, type: String, description: 'Store-wide position (a 64-bit integer as a string).' })
  readonly position!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'ledger.account.money-deposited' })
  readonly type!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Why it failed; null for a waiting event.' })
  readonly error!: string | null;

  @ApiProperty({ description: 'Tries so far (0 for a waiting event).', example: 5 })
  readonly attempts!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'For a waiting event: the open dead letter it waits behind.' })
  readonly blockedBy!: number | null;

  @ApiProperty({ type: DeadLetterSourceResponse })
  readonly source!: DeadLetterSourceResponse;

  @ApiProperty({ type: String, format: 'date-time' })
  readonly createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  readonly updatedAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  readonly resolvedAt!: string | null;

  @ApiProperty({
    type: DeadLetterResolutionResponse,
    nullable: true,
    description: 'Who retried or skipped it, and why; null while unresolved, for one released or superseded, and for one resolved before this was recorded.',
  })
  readonly resolution!: DeadLetterResolutionResponse | null;
}

export class DeadLetterListResponse {
  @ApiProperty({ type: [DeadLetterResponse] })
  readonly items!: DeadLetterResponse[];

  @ApiProperty({ nullable: true, type: Number, description: 'Pass as `after` for the next page; null on the last one.' })
  readonly nextAfter!: number | null;
}

/** What a retry or skip did. */
export class DeadLetterActionResponse {
  @ApiProperty({ enum: ['retried', 'skipped'] })
  readonly outcome!: 'retried' | 'skipped';

  @ApiProperty({ description: 'Waiting events of the stream applied after it, in order.' })
  readonly released!: number;

  @ApiProperty({ description: 'Waiting events still held (one of the released ones failed).' })
  readonly stillWaiting!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'The released event that failed and now holds the stream.' })
  readonly blockedBy!: number | null;

  @ApiProperty({ type: DeadLetterResponse })
  readonly deadLetter!: DeadLetterResponse;
}

export function deadLetterView(letter: DeadLetter): DeadLetterResponse {
  return {
    id: letter.id,
    projection: letter.projection,
    status: letter.status,
    eventId: letter.eventId,
    streamId: letter.streamId,
    revision: letter.revision === null ? null : Number(letter.revision),
    position: letter.position?.toString() ?? null,
    type: letter.type,
    error: letter.error,
    attempts: letter.attempts,
    blockedBy: letter.blockedBy,
    source: { topic: letter.record.topic, partition: letter.record.partition, offset: letter.record.offset },
    createdAt: letter.createdAt.toISOString(),
    updatedAt: letter.updatedAt.toISOString(),
    resolvedAt: letter.resolvedAt?.toISOString() ?? null,
    resolution: letter.resolution === null ? null : { by: letter.resolution.by, reason: letter.resolution.reason, at: letter.resolution.at.toISOString() },
  };
}

export function deadLetterActionView(action: DeadLetterAction & { outcome: 'retried' | 'skipped' }): DeadLetterActionResponse {
  return { outcome: action.outcome, ...action.release, deadLetter: deadLetterView(action.deadLetter) };
}
