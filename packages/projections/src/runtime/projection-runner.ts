import { assertNever } from '@ledger/domain';
import { type ConsumerNotice, type EventConsumer, type EventConsumerOptions } from '@ledger/messaging';
import { type ProjectionDefinition } from '../port/projection';
import { type RebuildRecord } from '../rebuild/rebuild-record';
import { abortableDelay } from './abortable-delay';
import { ProjectionBatchProcessor, type BatchProcessorOptions } from './batch-processor';
import { describeFailure } from './failures';
import { type ProjectionLogger } from './logger';
import { ProjectionStatus, type ProjectionState } from './projection-status';
import { backoffDelayMs, transientRetryPolicy } from './retry-policy';

export interface ProjectionRunnerOptions {
  readonly definition: ProjectionDefinition;
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly createConsumer: (options: EventConsumerOptions) => EventConsumer;
  readonly processing: Omit<BatchProcessorOptions, 'projection' | 'status' | 'logger'>;
  /** Open and waiting dead letters of this projection, from the table. */
  readonly deadLetterCounts: () => Promise<DeadLetterCounts>;
  readonly logger: ProjectionLogger;
  readonly consumer?: Pick<EventConsumerOptions, 'maxWaitTimeMs' | 'partitionsConsumedConcurrently'>;
  /** Runs before each start attempt, e.g. creating the topics (brokers have auto-creation off). */
  readonly prepare?: () => Promise<void>;
  /** The projection's running rebuild, on any instance. */
  readonly activeRebuild?: () => Promise<RebuildRecord | undefined>;
}

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
 * One projection running: its consumer group member, its batch processor and its status. It
 * starts even while Kafka is away (retrying in the background, reporting `failed`), so the
 * projector's admin API and health answer from the first second.
 */
export class ProjectionRunner {
  readonly status = new ProjectionStatus();
  private readonly consumer: EventConsumer;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  private pausedByOperator = false;
  private heldForSwap = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    const { definition, logger } = options;
    const processor = new ProjectionBatchProcessor({ ...options.processing, projection: definition.name, status: this.status, logger });
    this.consumer = options.createConsumer({
      ...options.consumer,
      groupId: options.groupId,
      topics: options.topics,
      onBatch: (batch) => processor.process(batch),
      onNotice: (notice) => this.noticed(notice),
    });
  }

  get name(): string {
    return this.options.definition.name;
  }

  start(): void {
    this.running ??= this.startUntilJoined();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await this.consumer.stop();
  }

  pause(): void {
    this.pausedByOperator = true;
    this.consumer.pause();
    this.status.setPaused(true);
  }

  resume(): void {
    this.pausedByOperator = false;
    if (!this.heldForSwap) this.consumer.resume();
    this.status.setPaused(false);
  }

  /** Stops fetching while a rebuild swaps its copy in; apart from the operator's pause, which outlives it. */
  holdForSwap(): void {
    this.heldForSwap = true;
    this.consumer.pause();
  }

  releaseAfterSwap(): void {
    this.heldForSwap = false;
    if (!this.pausedByOperator) this.consumer.resume();
  }

  async report(now: Date = new Date()): Promise<ProjectionReport> {
    const { definition, groupId, topics } = this.options;
    const snapshot = this.status.snapshot();
    const [lag, deadLetters, rebuild] = await Promise.all([
      orNull(this.consumer.lag()),
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

  private async startUntilJoined(): Promise<void> {
    for (let failures = 1; !this.stopping.signal.aborted; failures += 1) {
      try {
        await this.options.prepare?.();
        await this.consumer.start();
        this.options.logger.info({ projection: this.name, groupId: this.options.groupId, topics: this.options.topics }, 'projection started');
        return;
      } catch (error) {
        this.status.failing(describeFailure(error));
        this.options.logger.warn({ projection: this.name, err: error, failures }, 'projection could not start; retrying');
        await this.consumer.stop().catch(() => undefined);
        await abortableDelay(backoffDelayMs(transientRetryPolicy, failures), this.stopping.signal);
      }
    }
  }

  private noticed(notice: ConsumerNotice): void {
    switch (notice.kind) {
      case 'joined':
        this.status.recovered();
        this.options.logger.info({ projection: this.name, partitions: notice.partitions }, 'joined consumer group');
        return;
      case 'crashed':
        this.status.failing(describeFailure(notice.error));
        this.options.logger.error({ projection: this.name, err: notice.error, restarting: notice.restarting }, 'consumer crashed');
        return;
      default:
        assertNever(notice);
    }
  }
}
