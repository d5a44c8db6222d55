import { type AttemptOutcome } from './batch-attempt';

/** `starting` until the consumer first joins its group; `rebuilding` while a rebuild of it runs (the live copy keeps being applied). */
export type ProjectionState = 'starting' | 'running' | 'paused' | 'rebuilding' | 'failed';

export interface ProjectionCounters {
  /** Events applied by this process since it started. */
  readonly applied: number;
  readonly duplicates: number;
  readonly healed: number;
  readonly parked: number;
  readonly deadLettered: number;
}

export interface ProjectionStatusSnapshot extends ProjectionCounters {
  readonly state: ProjectionState;
  /** `recordedAt` of the newest event this process applied. */
  readonly lastAppliedRecordedAt: Date | null;
  /** The same per partition this process applied from, keyed by `partitionKey`. */
  readonly lastAppliedByPartition: ReadonlyMap<string, Date>;
  readonly lastError: string | null;
}

/** What one projection did so far in this process, and whether it is healthy. */
export class ProjectionStatus {
  private counters: ProjectionCounters = { applied: 0, duplicates: 0, healed: 0, parked: 0, deadLettered: 0 };
  private lastAppliedRecordedAt: Date | null = null;
  private readonly lastAppliedByPartition = new Map<string, Date>();
  private state: ProjectionState = 'starting';
  private paused = false;
  private lastError: string | null = null;

  recordBatch(outcome: AttemptOutcome, from: { readonly topic: string; readonly partition: number }): void {
    const { applied, duplicates, healed, parked, deadLettered } = this.counters;
    this.counters = {
      applied: applied + outcome.applied.length,
      duplicates: duplicates + outcome.duplicates,
      healed: healed + outcome.healed,
      parked: parked + outcome.parked,
      deadLettered: deadLettered + outcome.deadLettered.length,
    };
    for (const event of outcome.applied) {
      if (this.lastAppliedRecordedAt === null || event.recordedAt > this.lastAppliedRecordedAt) this.lastAppliedRecordedAt = event.recordedAt;
      const key = partitionKey(from.topic, from.partition);
      const before = this.lastAppliedByPartition.get(key);
      if (before === undefined || event.recordedAt > before) this.lastAppliedByPartition.set(key, event.recordedAt);
    }
    this.recovered();
  }

  /**
   * After a rebalance: forgets when it last applied from partitions it no longer holds, so their
   * age is not reported from here (it would grow from a time when another instance took over).
   */
  holding(assigned: readonly { readonly topic: string; readonly partition: number }[]): void {
    const held = new Set(assigned.map(({ topic, partition }) => partitionKey(topic, partition)));
    for (const key of this.lastAppliedByPartition.keys()) if (!held.has(key)) this.lastAppliedByPartition.delete(key);
  }

  /** The consumer is in its group, or a batch went through: whatever failed before works again. */
  recovered(): void {
    this.state = 'running';
    this.lastError = null;
  }

  failing(reason: string): void {
    this.state = 'failed';
    this.lastError = reason;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  snapshot(): ProjectionStatusSnapshot {
    const state = this.paused && this.state !== 'failed' ? 'paused' : this.state;
    return {
      ...this.counters,
      state,
      lastAppliedRecordedAt: this.lastAppliedRecordedAt,
      lastAppliedByPartition: new Map(this.lastAppliedByPartition),
      lastError: this.lastError,
    };
  }
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}
