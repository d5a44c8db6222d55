import { Allow } from '@ledger/platform';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { type EventRelayRuntime } from '../create-event-relay';
import { EVENT_RELAY } from '../event-relay.lifecycle';
import { ageInSeconds } from './unpublished-age';

class RelayFailureResponse {
  @ApiProperty({ example: 'KafkaJSConnectionError: Connection timeout' })
  readonly error!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  readonly since!: string;

  @ApiProperty({ example: 3 })
  readonly attempts!: number;
}

/** Where this relay instance stands; store positions are 64-bit, so strings. */
export class RelayStatusResponse {
  @ApiProperty({ enum: ['leader', 'standby', 'stopped'], description: 'Only the leader publishes; a standby waits for the lock.' })
  readonly role!: string;

  @ApiProperty({ example: '1042', description: 'Store position up to which every event is acknowledged by Kafka (shared by leader and standbys).' })
  readonly checkpoint!: string;

  @ApiProperty({ example: '1044', description: 'The store\'s newest position.' })
  readonly head!: string;

  @ApiProperty({ example: '2', description: 'head − checkpoint: an upper bound of the events not yet on Kafka.' })
  readonly lag!: string;

  @ApiProperty({ example: 0.4, description: 'Age of the oldest event not yet on Kafka; 0 when caught up.' })
  readonly lagSeconds!: number;

  @ApiProperty({ type: RelayFailureResponse, nullable: true, description: 'Why publishing keeps failing, while it does.' })
  readonly failure!: RelayFailureResponse | null;
}

/**
 * `GET /relay` for operators (the projector's console forwards its operator's token here): the
 * figures of /health and the lag gauges in one answer, also while the relay is failing, when
 * /health says only why.
 */
@ApiTags('relay')
@Allow('operator')
@Controller('relay')
export class RelayStatusController {
  constructor(@Inject(EVENT_RELAY) private readonly runtime: EventRelayRuntime) {}

  @Get()
  @ApiOperation({ summary: 'This instance\'s role, the checkpoint, the store head and the lag in positions and seconds' })
  @ApiOkResponse({ type: RelayStatusResponse })
  async status(): Promise<RelayStatusResponse> {
    const report = await this.runtime.status.report();
    const failure = report.failure === undefined ? null : { error: report.failure.error, since: report.failure.since.toISOString(), attempts: report.failure.attempts };
    return {
      role: report.role,
      checkpoint: report.checkpoint.toString(),
      head: report.head.toString(),
      lag: report.lag.toString(),
      lagSeconds: ageInSeconds(report.oldestUnpublishedAt),
      failure,
    };
  }
}
