import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { toConsumedRecord } from '../consumer/consumed-batch';
import { consumerGroupLag, type ConsumerLag } from '../consumer/consumer-lag';
import { type EventConsumer, type EventConsumerOptions } from '../consumer/event-consumer';

/**
 * kafkajs holds an empty fetch open for 5 s by default. A fetch already waiting does not include
 * a partition that was resumed or assigned meanwhile, so that partition waits for the fetch to
 * end: 100 ms bounds that wait, for about ten empty fetches a second per broker when idle.
 * A fetch still answers as soon as one byte is ready (minBytes 1), so this adds no latency when
 * events flow.
 */
export const DEFAULT_MAX_WAIT_TIME_MS = 100;

/**
 * How long the group waits for a silent member before giving its partitions to the others.
 * kafkajs' 30 s means a crashed projector's partitions stand still for 30 s; 10 s (with a
 * heartbeat every second, a third of the usual ratio) recovers three times sooner, and a batch
 * is milliseconds of work, far from the limit. Raise it where GC pauses or slow networks are long.
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 1_000;

/** Partitions are independent streams of keys; handling a few at once overlaps their database writes. */
export const DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY = 3;

/** `EventConsumer` on kafkajs: manual commits after the handler's durable write, nothing automatic. */
export class KafkaEventConsumer implements EventConsumer {
  private readonly consumer: Consumer;
  private admin: Promise<Admin> | undefined;
  private stopping = new AbortController();
  private paused = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: EventConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? DEFAULT_MAX_WAIT_TIME_MS,
      sessionTimeout: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
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
      options.onNotice?.({
        kind: 'joined',
        partitions: Object.values(payload.memberAssignment).reduce((sum, partitions) => sum + partitions.length, 0),
      });
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
    const admin = this.admin;
    this.admin = undefined;
    if (admin !== undefined) await (await admin.catch(() => undefined))?.disconnect();
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
    return consumerGroupLag(await this.connectedAdmin(), this.options.groupId, this.options.topics);
  }

  private connectedAdmin(): Promise<Admin> {
    if (this.admin === undefined) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      // A failed connection is not cached: the next call tries again.
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
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
    const last = batch.lastOffset();
    payload.resolveOffset(last);
    // The committed offset is the next one to read.
    const next = (BigInt(last) + 1n).toString();
    await payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
  }
}
