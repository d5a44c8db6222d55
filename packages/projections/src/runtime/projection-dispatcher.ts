import { assertNever } from '@ledger/domain';
import { type BatchOutcome, type ConsumedBatch, type ConsumerLag, type ConsumerNotice, type EventConsumer, type EventConsumerOptions, type TopicPartition } from '@ledger/messaging';
import { type ProgressSource } from '../port/read-progress';
import { abortableDelay } from './abortable-delay';
import { describeFailure } from './failures';
import { type ProjectionLogger } from './logger';
import { type ProjectionRunner, type TakeOutcome } from './projection-runner';
import { RetryBackoff } from './retry-backoff';

export interface ProjectionDispatcherOptions {
  /** The consumer group every instance of this projector joins: Kafka splits the partitions among them. */
  readonly groupId: string;
  readonly runners: readonly ProjectionRunner[];
  readonly progress: ProgressSource;
  readonly createConsumer: (options: EventConsumerOptions) => EventConsumer;
  readonly consumer?: Pick<EventConsumerOptions, 'maxWaitTimeMs' | 'partitionsConsumedConcurrently' | 'sessionTimeoutMs'>;
  /** Runs before each start attempt, e.g. creating the topics (brokers have auto-creation off). */
  readonly prepare?: () => Promise<void>;
  readonly logger: ProjectionLogger;
}

const keyOf = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * The projector's one fetch: a single consumer group member reads each topic once and hands
 * every batch to each projection that reads the topic, cut to the records that projection has
 * not stored as read (its progress, committed with its rows). The projections of a batch run at
 * once, each in its own unit of work. Kafka's committed offset is only where a partition starts
 * on assignment: it never passes the lowest progress of the partition's projections, and where it
 * did (a store restored, a projection added to the set, which has no progress and starts from the
 * oldest record Kafka keeps), the partition is sought back to it.
 */
export class ProjectionDispatcher {
  private consumer: EventConsumer;
  private readonly stopping = new AbortController();
  private running: Promise<void> | undefined;
  /** Progress per partition (projection → next offset), read from the stores once per assignment. */
  private readonly progress = new Map<string, Map<string, bigint>>();
  private readonly seeking = new Map<string, Promise<boolean>>();
  private restarting: Promise<void> = Promise.resolve();

  constructor(private readonly options: ProjectionDispatcherOptions) {
    this.consumer = this.createConsumer();
  }

  get groupId(): string {
    return this.options.groupId;
  }

  /** Joins in the background, retrying while Kafka is away, so the admin API answers from the first second. */
  start(): void {
    this.running ??= this.startUntilJoined();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.running;
    await this.restarting;
    await this.consumer.stop();
  }

  /**
   * Called when a projection is paused or resumed by an operator, or stalled, or its stalled
   * batches settled. With none active the fetch stops. One ready again needs what the others read meanwhile: the
   * consumer starts again from the committed offsets, which never passed its progress, and the
   * others skip what they have.
   */
  readinessChanged(ready: boolean): void {
    if (this.options.runners.every((runner) => !runner.active)) {
      this.consumer.pause();
      return;
    }
    // One that stopped taking batches needs nothing: the commit waits at its progress.
    if (ready) this.restarting = this.restarting.then(() => this.restart());
  }

  /** A projection's lag: the topics' ends minus its stored progress (the group's, where it stored none). */
  async lagOf(runner: ProjectionRunner): Promise<ConsumerLag> {
    const [group, stored] = await Promise.all([this.consumer.lag(), this.options.progress.ofProjection(runner.name, runner.topics)]);
    const partitions = group.partitions
      .filter((partition) => runner.topics.includes(partition.topic))
      .map((partition) => {
        const next = stored.get(partition.topic)?.get(partition.partition);
        const high = BigInt(partition.high);
        return next === undefined ? partition : { ...partition, lag: high > next ? Number(high - next) : 0 };
      });
    return { events: partitions.reduce((sum, partition) => sum + partition.lag, 0), partitions };
  }

  private createConsumer(): EventConsumer {
    const topics = [...new Set(this.options.runners.flatMap((runner) => runner.topics))];
    return this.options.createConsumer({
      ...this.options.consumer,
      groupId: this.options.groupId,
      topics,
      onBatch: (batch) => this.dispatch(batch),
      onNotice: (notice) => this.noticed(notice),
    });
  }

  private async restart(): Promise<void> {
    if (this.stopping.signal.aborted || this.running === undefined) return;
    await this.running;
    await this.consumer.stop();
    this.consumer = this.createConsumer();
    this.running = this.startUntilJoined();
    await this.running;
  }

  private async dispatch(batch: ConsumedBatch): Promise<BatchOutcome> {
    const first = batch.records[0];
    const last = batch.records.at(-1);
    if (first === undefined || last === undefined) return 'processed';
    const key = keyOf(batch.topic, batch.partition);
    const readers = this.options.runners.filter((runner) => runner.topics.includes(batch.topic));
    const progress = await this.progressOf(key, batch, readers);
    const start = BigInt(first.offset);
    const end = BigInt(last.offset) + 1n;
    const ready = readers.filter((runner) => runner.ready);

    // Applied to a projection that has not read what comes before it, the batch would move its
    // progress past records it never saw: the partition is read again from where it stands.
    if (await this.rewoundBehind(batch.topic, batch.partition, start, ready, progress)) return 'abandoned';

    const outcomes = await Promise.all(
      ready.map(async (runner): Promise<TakeOutcome> => {
        const next = progress.get(runner.name);
        const records = next === undefined || next <= start ? batch.records : batch.records.filter((record) => BigInt(record.offset) >= next);
        if (records.length === 0) return 'processed';
        const outcome = await runner.take(records === batch.records ? batch : { ...batch, records }, (settled) => {
          if (settled === 'processed') progress.set(runner.name, end);
        });
        if (outcome === 'processed') progress.set(runner.name, end);
        return outcome;
      }),
    );
    if (outcomes.includes('abandoned')) return 'abandoned';
    // A projection that was not handed the batch (paused, stalled) or stalled on it still needs
    // these records: the commit stays at its progress (or, if it never read this partition, where
    // the partition stood before this batch). Decided by what happened to this batch, not by
    // readiness now: a stall that settled meanwhile did not apply these records.
    const waiting = readers
      .filter((runner) => !ready.includes(runner) || outcomes[ready.indexOf(runner)] === 'stalled')
      .map((runner) => progress.get(runner.name) ?? start);
    const commit = lowest(waiting);
    return commit === undefined || commit >= end ? 'processed' : { commitBefore: commit };
  }

  /**
   * Seeks the partition back to the lowest progress of `active` projections when it is below
   * `from`; true if it did. Not past what Kafka still holds: where retention ran past a long-paused
   * projection, it reads on from the oldest record, and gaps are healed from the event store.
   */
  private async rewoundBehind(topic: string, partition: number, from: bigint, active: readonly ProjectionRunner[], progress: ReadonlyMap<string, bigint>): Promise<boolean> {
    const key = keyOf(topic, partition);
    const seeking = this.seeking.get(key);
    if (seeking !== undefined) {
      // Batches fetched before the seek took effect: never applied past the projection behind.
      await seeking;
      return true;
    }
    // A projection with no progress on the partition has read none of it (added to the set, or
    // its read model new): it starts from the oldest record Kafka keeps.
    const behind = lowest(active.map((runner) => progress.get(runner.name) ?? 0n).filter((next) => next < from));
    if (behind === undefined) return false;
    const low = BigInt((await this.consumer.lag()).partitions.find((entry) => entry.topic === topic && entry.partition === partition)?.low ?? '0');
    if (from <= low) return false;
    const to = behind > low ? behind : low;
    this.options.logger.info({ topic, partition, from: to.toString(), was: from.toString() }, 'a projection is behind where the partition is read; reading it again from there');
    const seek = this.consumer.seek(topic, partition, to).finally(() => this.seeking.delete(key));
    this.seeking.set(key, seek);
    // False: not ours (any longer), and whoever holds it now checks it the same way; or the
    // seek did not land, and the next batch asks again.
    await seek;
    return true;
  }

  /** On assignment, a partition whose committed offset passed a projection's progress is read from that progress. */
  private async startFromLowestProgress(assigned: readonly TopicPartition[]): Promise<void> {
    if (assigned.length === 0) return;
    try {
      const group = await this.consumer.lag();
      const active = this.options.runners.filter((runner) => runner.ready);
      for (const { topic, partition } of assigned) {
        const readers = active.filter((runner) => runner.topics.includes(topic));
        const at = group.partitions.find((entry) => entry.topic === topic && entry.partition === partition);
        if (readers.length === 0 || at === undefined || at.committed === null) continue;
        const progress = await this.options.progress.ofPartition(topic, partition, readers.map((runner) => runner.name));
        await this.rewoundBehind(topic, partition, BigInt(at.committed), readers, progress);
      }
    } catch (error) {
      // The next batch of such a partition is checked again (and its first batch is never applied past a projection).
      this.options.logger.warn({ groupId: this.options.groupId, err: error }, 'could not compare progress with the committed offsets after joining');
    }
  }

  private async progressOf(key: string, batch: ConsumedBatch, readers: readonly ProjectionRunner[]): Promise<Map<string, bigint>> {
    const known = this.progress.get(key);
    if (known !== undefined) return known;
    const stored = new Map(await this.options.progress.ofPartition(batch.topic, batch.partition, readers.map((runner) => runner.name)));
    this.progress.set(key, stored);
    return stored;
  }

  private async startUntilJoined(): Promise<void> {
    const { logger, groupId } = this.options;
    const { signal } = this.stopping;
    const backoff = new RetryBackoff({
      retryable: () => true,
      onFailure: (error, failures) => {
        for (const runner of this.options.runners) runner.failing(describeFailure(error));
        logger.warn({ groupId, err: error, failures }, 'projector consumer could not start; retrying');
      },
      wait: async (ms) => {
        await this.consumer.stop().catch(() => undefined);
        return abortableDelay(ms, signal);
      },
    });
    while (!signal.aborted) {
      try {
        await this.options.prepare?.();
        await this.consumer.start();
        if (this.options.runners.every((runner) => !runner.active)) this.consumer.pause();
        logger.info({ groupId, projections: this.options.runners.map((runner) => runner.name) }, 'projector consumer started');
        return;
      } catch (error) {
        if (!(await backoff.absorb(error))) return;
      }
    }
  }

  private noticed(notice: ConsumerNotice): void {
    const { logger, groupId } = this.options;
    switch (notice.kind) {
      case 'joined':
        // Partitions may have moved: what another member stored since is read again on first use.
        this.progress.clear();
        for (const runner of this.options.runners) runner.joined(notice.assigned);
        logger.info({ groupId, partitions: notice.partitions }, 'joined consumer group');
        // Idle partitions bring no batch to check: compare their committed offsets now.
        void this.startFromLowestProgress(notice.assigned);
        return;
      case 'crashed':
        for (const runner of this.options.runners) runner.failing(describeFailure(notice.error));
        logger.error({ groupId, err: notice.error, restarting: notice.restarting }, 'consumer crashed');
        return;
      default:
        assertNever(notice);
    }
  }
}

function lowest(offsets: readonly bigint[]): bigint | undefined {
  return offsets.reduce<bigint | undefined>((low, offset) => (low === undefined || offset < low ? offset : low), undefined);
}
