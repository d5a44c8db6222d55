import { type BatchOutcome, type ConsumedBatch, type ConsumerLag, type TopicPartition } from '@ledger/messaging';
import { type ProjectionDefinition } from '../port/projection';
import { type RebuildRecord } from '../rebuild/rebuild-record';
import { abortableDelay } from './abortable-delay';
import { ProjectionBatchProcessor, type BatchProcessorOptions, type BatchTrouble } from './batch-processor';
import { type ProjectionLogger } from './logger';
import { partitionLags, type PartitionLagReport } from './partition-lag';
import { ProjectionStatus, type ProjectionState } from './projection-status';

export interface ProjectionRunnerOptions {
  readonly definition: ProjectionDefinition;
  /** The projector's consumer group, shared by every projection it runs. */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly processing: Omit<BatchProcessorOptions, 'projection' | 'status' | 'logger'>;
  /** Open and waiting dead letters of this projection, from the table. */
  readonly deadLetterCounts: () => Promise<DeadLetterCounts>;
  /** How far this projection's stored progress is behind the topics' ends. */
  readonly lag: () => Promise<ConsumerLag>;
  readonly logger: ProjectionLogger;
  /** The projection's running rebuild, on any instance. */
  readonly activeRebuild?: () => Promise<RebuildRecord | undefined>;
  /** Told when it becomes ready or stops being ready (paused, resumed, a stalled batch settled): the shared fetch may stop or need to read again. */
  readonly onReadyChanged?: (ready: boolean) => void;
}

/** What became of a batch handed to a projection: `stalled` while its store is away and the apply still retries. */
export type TakeOutcome = BatchOutcome | 'stalled';

export interface DeadLetterCounts {
  readonly open: number;
  readonly waiting: number;
}

/** GET /projections, one entry (API.md). Numbers unknown right now (Kafka away) are null. */
export interface ProjectionReport {
  readonly name: string;
  readonly version: number;
  readonly state: ProjectionState;
  readonly lag: { readonly events: number | null; readonly seconds: number | null };
  /**
   * The lag per partition of its topics (null while Kafka cannot be asked), for `/metrics`; not in
   * the REST answer. `seconds` is known only for a partition this process applied from.
   */
  readonly partitions: readonly PartitionLagReport[] | null;
  readonly applied: number;
  /** Open dead letters (null while PostgreSQL cannot be asked). */
  readonly deadLetters: number | null;
  readonly waiting: number | null;
  readonly duplicates: number;
  readonly healed: number;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly lastError: string | null;
  /** The rebuild running now (on any instance), or null. */
  readonly rebuild: RebuildSummary | null;
}

/** A running rebuild as a status page shows it. */
export type RebuildSummary = Pick<RebuildRecord, 'id' | 'state' | 'processed' | 'total' | 'eventsPerSecond' | 'etaSeconds'>;

/** A status page must answer while a server is away: what it cannot learn in time is unknown (null). */
const REPORT_QUERY_TIMEOUT_MS = 1_500;
/**
 * A batch whose store failed this often, or failed after trying this long, stalls: the other
 * projections stop waiting for it (see `take`). Short enough that a frozen MongoDB costs the
 * PostgreSQL projections one timeout, long enough that a lost optimistic-concurrency race does not.
 */
const STALL_AFTER_FAILURES = 3;
const STALL_AFTER_MS = 2_000;
/** How often a batch held for a swap looks whether the swap is over (and heartbeats). */
const HOLD_POLL_MS = 50;

async function orNull<T>(query: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), REPORT_QUERY_TIMEOUT_MS)));
  try {
    return await Promise.race([query.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One projection as the projector runs it: its batch processor, its status and its pause. Its
 * batches come from the projector's one fetch of the topics (see ProjectionDispatcher), already
 * cut to the records it has not read yet.
 */
export class ProjectionRunner {
  readonly status = new ProjectionStatus();
  private readonly processor: ProjectionBatchProcessor;
  private pausedByOperator = false;
  private heldForSwap = false;
  /** Batches whose store failed, still retrying on their own while the other projections go on. */
  private stalled = 0;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const { definition, logger } = options;
    this.processor = new ProjectionBatchProcessor({ ...options.processing, projection: definition.name, status: this.status, logger });
  }

  get name(): string {
    return this.options.definition.name;
  }

  get topics(): readonly string[] {
    return this.options.topics;
  }

  /** False while an operator paused it: the others go on, and it reads what it missed on resume. */
  get active(): boolean {
    return !this.pausedByOperator;
  }

  /** Takes new batches: active, and no batch of it stalled on its store (a server away). */
  get ready(): boolean {
    return this.active && this.stalled === 0;
  }

  pause(): void {
    this.pausedByOperator = true;
    this.status.setPaused(true);
    this.options.onReadyChanged?.(false);
  }

  resume(): void {
    this.pausedByOperator = false;
    this.status.setPaused(false);
    this.options.onReadyChanged?.(this.ready);
  }

  /**
   * Keeps its batches waiting while a rebuild swaps its copy in. Waiting, not skipping: a swap
   * takes milliseconds, and the fetch would otherwise have to read the partition again for it.
   */
  holdForSwap(): void {
    this.heldForSwap = true;
  }

  releaseAfterSwap(): void {
    this.heldForSwap = false;
  }

  /**
   * Applies a batch of records it has not read yet; `abandoned` when the partition moved
   * meanwhile. `stalled` once its store keeps failing (PostgreSQL or MongoDB away): one projection's
   * store must not hold back the others, so the apply goes on retrying by itself, `settled` hears
   * how it ended, and until then the projection is not `ready`.
   */
  take(batch: ConsumedBatch, settled?: (outcome: BatchOutcome) => void): Promise<TakeOutcome> {
    return new Promise<TakeOutcome>((resolve, reject) => {
      let stalled = false;
      const stall = ({ failures, sinceMs }: BatchTrouble) => {
        // A write that lost a race (a portfolio shared by two instances) goes through on a retry:
        // only a store that stays away is worth the others going on alone.
        if (stalled || (failures < STALL_AFTER_FAILURES && sinceMs < STALL_AFTER_MS)) return;
        stalled = true;
        this.stalled += 1;
        resolve('stalled');
      };
      this.apply(batch, stall).then(
        (outcome) => {
          if (!stalled) return resolve(outcome);
          this.stalled -= 1;
          settled?.(outcome);
          if (this.stalled === 0) this.options.onReadyChanged?.(this.ready);
        },
        (error: unknown) => {
          if (!stalled) return reject(error instanceof Error ? error : new Error(String(error)));
          this.stalled -= 1;
          this.options.logger.warn({ projection: this.name, err: error }, 'a stalled batch failed; it comes again');
          if (this.stalled === 0) this.options.onReadyChanged?.(this.ready);
        },
      );
    });
  }

  private async apply(batch: ConsumedBatch, onTrouble: (trouble: BatchTrouble) => void): Promise<BatchOutcome> {
    while (this.heldForSwap) {
      if (batch.isStale()) return 'abandoned';
      await abortableDelay(HOLD_POLL_MS, batch.signal);
      await batch.heartbeat().catch(() => undefined);
    }
    return this.processor.process(batch, onTrouble);
  }

  /** In the group again, holding `assigned`: partitions it gave up are no longer its to age. */
  joined(assigned: readonly TopicPartition[]): void {
    this.status.holding(assigned);
    this.status.recovered();
  }

  failing(reason: string): void {
    this.status.failing(reason);
  }

  async report(now: Date = new Date()): Promise<ProjectionReport> {
    const { definition, groupId, topics } = this.options;
    const snapshot = this.status.snapshot();
    const [lag, deadLetters, rebuild] = await Promise.all([
      orNull(this.options.lag()),
      orNull(this.options.deadLetterCounts()),
      orNull(this.options.activeRebuild?.() ?? Promise.resolve(undefined)),
    ]);
    const lastApplied = snapshot.lastAppliedRecordedAt;
    const seconds =
      lag === null ? null : lag.events === 0 ? 0 : lastApplied === null ? null : Math.max(0, (now.getTime() - lastApplied.getTime()) / 1_000);
    return {
      name: definition.name,
      version: definition.version,
      state: rebuild != null && snapshot.state !== 'failed' ? 'rebuilding' : snapshot.state,
      lag: { events: lag?.events ?? null, seconds },
      partitions: lag === null ? null : partitionLags(lag, snapshot.lastAppliedByPartition, now),
      applied: snapshot.applied,
      deadLetters: deadLetters?.open ?? null,
      waiting: deadLetters?.waiting ?? null,
      duplicates: snapshot.duplicates,
      healed: snapshot.healed,
      groupId,
      topics,
      lastError: snapshot.lastError,
      rebuild:
        rebuild == null
          ? null
          : { id: rebuild.id, state: rebuild.state, processed: rebuild.processed, total: rebuild.total, eventsPerSecond: rebuild.eventsPerSecond, etaSeconds: rebuild.etaSeconds },
    };
  }
}
