import { activeRebuildStates, type ProjectionReport, type RebuildState } from '@ledger/projections';
import { ApiProperty } from '@nestjs/swagger';
import { RebuildProgressResponse } from '../rebuilds/rebuild.response';

class ProjectionLagResponse {
  @ApiProperty({ description: 'Events on Kafka the consumer group has not committed (null while Kafka cannot be asked).', nullable: true, type: Number, example: 0 })
  readonly events!: number | null;

  @ApiProperty({ description: 'Age of the newest applied event while behind; 0 when caught up; null when unknown.', nullable: true, type: Number, example: 0 })
  readonly seconds!: number | null;
}

/** The rebuild running now, on this instance or another; follow it on GET /projections/{name}/rebuilds/{id}. */
class RebuildSummaryResponse extends RebuildProgressResponse {
  @ApiProperty({ format: 'uuid', description: 'The rebuild\'s id.' })
  readonly id!: string;

  @ApiProperty({ enum: activeRebuildStates, description: '`swapping`: the last events are applied and the copy goes live.' })
  readonly state!: RebuildState;
}

/** One projection on GET /projections (API.md, "Projector admin"), with a few facts more. */
export class ProjectionResponse implements Omit<ProjectionReport, 'topics' | 'partitions'> {
  @ApiProperty({ example: 'account-summary' })
  readonly name!: string;

  @ApiProperty({ description: 'The read model\'s shape version.', example: 1 })
  readonly version!: number;

  @ApiProperty({
    enum: ['starting', 'running', 'paused', 'rebuilding', 'failed'],
    description: '`rebuilding`: a rebuild of it runs (on any instance) while the live read model keeps being applied.',
  })
  readonly state!: ProjectionReport['state'];

  @ApiProperty({ type: ProjectionLagResponse })
  readonly lag!: ProjectionLagResponse;

  @ApiProperty({ description: 'Events applied by this instance since it started.', example: 20000 })
  readonly applied!: number;

  @ApiProperty({ description: 'Open dead letters, each holding its stream (null while PostgreSQL cannot be asked).', nullable: true, type: Number, example: 0 })
  readonly deadLetters!: number | null;

  @ApiProperty({ description: 'Events parked behind open dead letters.', nullable: true, type: Number, example: 0 })
  readonly waiting!: number | null;

  @ApiProperty({ description: 'Redelivered events dropped by this instance (at-least-once delivery).' })
  readonly duplicates!: number;

  @ApiProperty({ description: 'Events read from the event store to fill gaps, by this instance.' })
  readonly healed!: number;

  @ApiProperty({ example: 'ledger.projector' })
  readonly groupId!: string;

  @ApiProperty({ type: [String], example: ['ledger.account'] })
  readonly topics!: string[];

  @ApiProperty({ nullable: true, type: String, description: 'Why the state is failed.' })
  readonly lastError!: string | null;

  @ApiProperty({ type: RebuildSummaryResponse, nullable: true, description: 'The rebuild running now, or null.' })
  readonly rebuild!: RebuildSummaryResponse | null;
}

export class ProjectionListResponse {
  @ApiProperty({ type: [ProjectionResponse] })
  readonly items!: ProjectionResponse[];
}

export function projectionView({ partitions: _perPartition, ...report }: ProjectionReport): ProjectionResponse {
  // Per-partition lag is for `/metrics`; API.md's answer stays per projection.
  return { ...report, topics: [...report.topics] };
}
