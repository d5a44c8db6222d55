/** Why a rebuild runs: an operator asked, or the projector started with a new projection version. */
export type RebuildReason = 'requested' | 'version-changed';

/**
 * `running`: filling the shadow copy from the event store; `swapping`: the live projection is held
 * while the last events are applied and the copy is swapped in; `completed`: the copy is live;
 * `failed`: stopped with `error`, the live read model untouched; `abandoned`: replaced by a rebuild
 * of a newer projection version before it finished.
 */
export type RebuildState = 'running' | 'swapping' | 'completed' | 'failed' | 'abandoned';

export const activeRebuildStates: readonly RebuildState[] = ['running', 'swapping'];

/** One rebuild as `projection_rebuilds` records it: its checkpoint and its progress. */
export interface RebuildRecord {
  readonly id: string;
  readonly projection: string;
  readonly version: number;
  readonly reason: RebuildReason;
  readonly state: RebuildState;
  /** The shadow copy it fills (see `ReadModelCopies`). */
  readonly copy: string;
  /** The last store position applied to the copy; null before the first batch. */
  readonly position: bigint | null;
  readonly processed: number;
  /** Events processed plus those left in the store; grows while commands keep coming. */
  readonly total: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
  readonly error: string | null;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt: Date | null;
}

/** Where a running rebuild stands, written with every batch. */
export interface RebuildProgressUpdate {
  readonly position: bigint;
  readonly processed: number;
  readonly total: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
}
