import { type OpenedEventStore } from '@ledger/event-store/select';
import { type RecordProducer } from '@ledger/messaging';
import { type Projector } from '@ledger/projections/postgres';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ProjectionMetrics } from './projection-metrics';
import { DEAD_LETTER_PRODUCER, EVENT_STORE, PROJECTOR } from './projector.token';
import { ReadModelSchema } from './read-model-schema';

/**
 * Starts the projections once the read-model schema is ready, and stops them before the
 * connections close (Nest closes connections in `onApplicationShutdown`, after this hook), so a
 * batch in flight either commits or is dropped and comes again; then closes what the event store
 * opened itself (KurrentDB's client), which gap healing and rebuilds no longer need.
 */
@Injectable()
export class ProjectorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopping = false;

  constructor(
    @Inject(PROJECTOR) private readonly projector: Projector,
    @Inject(DEAD_LETTER_PRODUCER) private readonly deadLetterProducer: RecordProducer,
    @Inject(EVENT_STORE) private readonly eventStore: OpenedEventStore,
    private readonly schema: ReadModelSchema,
    metrics: ProjectionMetrics,
  ) {
    metrics.observe(() => this.projector.reports());
  }

  async onApplicationBootstrap(): Promise<void> {
    void this.schema.ready.then(() => {
      if (!this.stopping) this.projector.start();
    });
    await this.schema.migrate();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.projector.stop();
    await this.deadLetterProducer.close();
    await this.eventStore.close();
  }
}
