import { type SqlTransaction } from './sql-transaction';

/**
 * The unit of work a read model's writes join: the one that commits the projection's progress,
 * its dead letters and the read model's guard together (ARCHITECTURE.md, "Projector"). A store
 * in the unit's own database writes through `sql`, so its rows commit with the rest; a store
 * elsewhere (the MongoDB portfolio) writes beside it and takes from it only coordination: locks
 * that hold until the unit ends, and which copy of its read model is live.
 */
export interface UnitOfWork {
  /**
   * Holds each of `keys` within `scope` until the unit ends: one unit per key at a time, on
   * every projector instance. Taken in sorted order, so two units cannot deadlock.
   */
  lockKeys(scope: string, keys: readonly string[]): Promise<void>;
  /** Which copy of `projection`'s read model is live, as of this unit ('' = its own name). */
  liveCopy(projection: string): Promise<string>;
  /** Makes `copy` the live copy of `projection` when the unit commits; returns the copy that was live. */
  repointLiveCopy(projection: string, copy: string): Promise<string>;
  /** Statements inside the unit, for read models in the unit's own database. */
  readonly sql: SqlTransaction;
}
