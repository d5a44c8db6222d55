import { type ReadModelStore } from './read-model-store';

/** A projection as the runtime runs it: what it is called, what it reads and where it writes. */
export interface ProjectionDefinition {
  /** Stable name: the consumer group, the guard rows and the dead letters are keyed by it. */
  readonly name: string;
  /** The read model's shape version; a change that needs a rebuild bumps it. */
  readonly version: number;
  /** Stream categories it consumes (`account` → topic `<prefix>.account`). */
  readonly categories: readonly string[];
  readonly store: ReadModelStore;
}
