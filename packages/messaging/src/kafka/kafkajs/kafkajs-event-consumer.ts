import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { offsetToCommit, toConsumedRecord } from '../../consumer/consumed-batch';
import { consumerGroupLag, type ConsumerLag } from '../../consumer/consumer-lag';
import {
  DEFAULT_MAX_WAIT_TIME_MS,
  DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
  DEFAULT_SESSION_TIMEOUT_MS,
  heartbeatIntervalOf,
  type EventConsumer,
  type EventConsumerOptions,
} from '../../consumer/event-consumer';
import { type PartitionOffsets } from '../kafka-client';

/** `EventConsumer` on kafkajs: manual commits after the handler's durable write, nothing automatic. */
export class KafkajsEventConsumer implements EventConsumer {
  private readonly consumer: Consumer;
  private stopping = new AbortController();
  private paused = false;
  /** `topic\0partition` of what the last join gave this member. */
  private assigned = new Set<string>();

  constructor(
    kafka: Kafka,
    private readonly options: EventConsumerOptions,
    private readonly groupOffsets: (groupId: string, topics: readonly string[]) => Promise<PartitionOffsets[]>,
  ) {
    const sessionTimeout = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? DEFAULT_MAX_WAIT_TIME_MS,
      sessionTimeout,
      heartbeatInterval: heartbeatIntervalOf(sessionTimeout),
      allowAutoTopicCreation: false,
      // A consumer that crashed (broker gone, coordinator moved) always rejoins: a projection
      // that silently stops is worse than one that keeps trying and says so.
      retry: { retries: 5, initialRetryTime: 300, restartOnFailure: () => Promise.resolve(true) },
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) =>
      options.onNotice?.({ kind: 'crashed', error: payload.error, restarting: payload.restart }),
    );
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      // A consumer restarted after a crash runs a fresh fetch loop that knows nothing of an
      // earlier pause; re-applying it on every join keeps a paused projection paused.
      if (this.paused) this.applyPause();
      const assigned = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
      this.assigned = new Set(assigned.map(({ topic, partition }) => `${topic}\u0000${partition}`));
      options.onNotice?.({ kind: 'joined', partitions: assigned.length, assigned });
    });
  }

  async start(): Promise<void> {
    this.stopping = new AbortController();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
      eachBatch: (payload) => this.handle(payload),
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.consumer.disconnect();
  }

  /** Remembered, so a pause asked before the consumer runs, or across its restarts, still holds. */
  pause(): void {
    this.paused = true;
    this.applyPause();
  }

  resume(): void {
    this.paused = false;
    this.consumer.resume(this.options.topics.map((topic) => ({ topic })));
  }

  private applyPause(): void {
    try {
      this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    } catch {
      // Not running yet (kafkajs refuses before run()); the next group join applies it.
    }
  }

  async lag(): Promise<ConsumerLag> {
    return consumerGroupLag(await this.groupOffsets(this.options.groupId, this.options.topics));
  }

  async seek(topic: string, partition: number, offset: bigint): Promise<boolean> {
    // kafkajs moves the fetch position; committed too, so a restart before the records come again also starts there.
    // A commit for a partition another member holds could set its offset back.
    if (!this.assigned.has(`${topic}\u0000${partition}`)) return false;
    this.consumer.seek({ topic, partition, offset: offset.toString() });
    await this.consumer.commitOffsets([{ topic, partition, offset: offset.toString() }]);
    return true;
  }

  private async handle(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const signal = this.stopping.signal;
    const outcome = await this.options.onBatch({
      topic,
      partition,
      records: batch.messages.map((message) => toConsumedRecord(topic, partition, message)),
      heartbeat: () => payload.heartbeat(),
      isStale: () => payload.isStale() || !payload.isRunning() || signal.aborted,
      signal,
    });
    if (outcome === 'abandoned') return;
    // kafkajs fetches on from the resolved offset: the whole batch is resolved even when only
    // part of it may be committed, or the rest would come again and again.
    payload.resolveOffset(batch.lastOffset());
    const next = offsetToCommit(outcome, batch.firstOffset() ?? '0', batch.lastOffset());
    if (next === undefined) return;
    // The committed offset is the next one to read.
    await payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next.toString() }] }] });
  }
}
