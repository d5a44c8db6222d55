import { type RebuildReason, type RebuildRecord, type RebuildState } from '@ledger/projections';
import { ApiProperty } from '@nestjs/swagger';

// Keyed by the union, so a state added to the package without a place here fails to compile.
const rebuildStateSet: Record<RebuildState, true> = { running: true, swapping: true, completed: true, failed: true, abandoned: true };
const rebuildStates = Object.keys(rebuildStateSet) as RebuildState[];
const rebuildReasons: readonly RebuildReason[] = ['requested', 'version-changed'];

/** POST /projections/{name}/rebuilds: the rebuild started (or the interrupted one resumed); `Location` says where to follow it. */
export class RebuildStartedResponse {
  @ApiProperty({ format: 'uuid' })
  readonly rebuildId!: string;

  @ApiProperty({ enum: rebuildStates, example: 'running' })
  readonly state!: RebuildState;
}

/** How far a rebuild got: in its own answer and in the projection's on GET /projections. */
export class RebuildProgressResponse {
  @ApiProperty({ description: 'Events applied to the shadow copy so far.', example: 90000 })
  readonly processed!: number;

  @ApiProperty({ description: 'Events to apply in all; grows while commands come in.', example: 200000 })
  readonly total!: number;

  @ApiProperty({ description: 'Recent rate.', example: 12345 })
  readonly eventsPerSecond!: number;

  @ApiProperty({ nullable: true, type: Number, description: 'Seconds left at the recent rate; null until a rate is known.', example: 9 })
  readonly etaSeconds!: number | null;
}

/** GET /projections/{name}/rebuilds/{rebuildId} (API.md, "Projector admin"), with a few facts more. */
export class RebuildResponse extends RebuildProgressResponse {
  @ApiProperty({ format: 'uuid' })
  readonly rebuildId!: string;

  @ApiProperty({ example: 'account-summary' })
  readonly projection!: string;

  @ApiProperty({
    enum: rebuildStates,
    description:
      '`running`: filling a shadow copy from the event store; `swapping`: the last events are applied and the copy goes live; ' +
      '`completed`: the copy is live; `failed`: stopped (see `error`), the live read model untouched; `abandoned`: replaced by a rebuild of a newer version.',
  })
  readonly state!: RebuildState;


  @ApiProperty({ nullable: true, type: String, description: 'Why it failed or was abandoned.' })
  readonly error!: string | null;

  @ApiProperty({ enum: rebuildReasons, description: 'An operator asked, or the projector started with a new projection version.' })
  readonly reason!: RebuildReason;

  @ApiProperty({ description: 'The projection version the copy is built by.', example: 1 })
  readonly version!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  readonly startedAt!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  readonly finishedAt!: string | null;
}

export function rebuildView(record: RebuildRecord): RebuildResponse {
  return {
    rebuildId: record.id,
    projection: record.projection,
    state: record.state,
    processed: record.processed,
    total: record.total,
    eventsPerSecond: record.eventsPerSecond,
    etaSeconds: record.etaSeconds,
    error: record.error,
    reason: record.reason,
    version: record.version,
    startedAt: record.startedAt.toISOString(),
    finishedAt: record.finishedAt?.toISOString() ?? null,
  };
}
