import { type RecordedEvent } from '@ledger/event-store';
import { type ReadModelCopies } from './read-model-copies';
import { type ReadModelStore } from './read-model-store';

/** A projection as the runtime runs it: what it is called, what it reads and where it writes. */
export interface ProjectionDefinition {
  /** Stable name: the consumer group, the guard rows and the dead letters are keyed by it. */
  readonly name: string;
  /**
   * The read model's version: bump it when the projection's code changes what it writes, and the
   * projector rebuilds the read model from the event store when it starts (PROJECTION_REBUILD_ON_VERSION_CHANGE).
   */
  readonly version: number;
  /** Stream categories it consumes (`account` → topic `<prefix>.account`). */
  readonly categories: readonly string[];
  /** The live read model. */
  readonly store: ReadModelStore;
  /** Its shadow copies, for rebuilds. */
  readonly copies: ReadModelCopies;
  /**
   * Effects beyond the read model (a notification, a webhook, the query cache's invalidation):
   * run with the events a committed unit applied to the live read model, whoever applied them:
   * a live batch, an operator's dead-letter retry or skip (the event and those released behind
   * it), a rebuild's swap (the events it took from the live consumer). Never for history a
   * rebuild replays into its copy. They run at most once per event: a failure is logged, not retried.
   */
  readonly sideEffects?: (applied: readonly RecordedEvent[]) => Promise<void>;
}
