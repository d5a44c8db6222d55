import { type PostgresProjection } from '../../src/postgres';

/**
 * A projection with a bug for chosen events (by event id), fixed by removing them from `failing`:
 * how tests make a poison event whose cause an operator can remove before retrying.
 */
export class FailingProjection implements PostgresProjection {
  readonly failing = new Set<string>();

  constructor(private readonly inner: PostgresProjection) {}

  async applyEvents(...[events, tx]: Parameters<PostgresProjection['applyEvents']>): Promise<void> {
    const poison = events.find((event) => this.failing.has(event.eventId));
    if (poison !== undefined) throw new Error(`projection bug on ${poison.streamId}@${poison.streamRevision}`);
    await this.inner.applyEvents(events, tx);
  }
}
