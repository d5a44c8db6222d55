import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, type Message, type MessagesStream } from '@platformatic/kafka';
import { toConsumedRecord, type ConsumedBatch } from '../../consumer/consumed-batch';
import { consumerGroupLag, type ConsumerLag } from '../../consumer/consumer-lag';
import {
  DEFAULT_MAX_WAIT_TIME_MS,
  DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
  DEFAULT_SESSION_TIMEOUT_MS,
  HEARTBEAT_INTERVAL_MS,
  type EventConsumer,
  type EventConsumerOptions,
} from '../../consumer/event-consumer';
import { type ConnectionSettings } from '../connection-settings';
import { type PartitionOffsets } from '../kafka-client';
import { clientOptions } from './client-options';
import { PartitionWork } from './partition-work';

/** Records held in memory before the fetch loop waits for the handlers to catch up. */
const MAX_PENDING_RECORDS = 20_000;
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * `EventConsumer` on @platformatic/kafka. The client hands over one stream of records from every
 * assigned partition; this cuts it into per-partition batches (one batch per partition at a time,
 * a few partitions at once), commits after the handler's durable write, never on its own, and
 * keeps a batch the handler abandoned for the next round while its partition stays here.
 * Heartbeats run on the client's own timer, so a slow handler never costs the group membership.
 */
export class PlatformaticEventConsumer implements EventConsumer {
  private consumer: Consumer | undefined;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  private readonly work: PartitionWork<Message<Buffer, Buffer, Buffer, Buffer>>;
  private stopping = new AbortController();
  private paused = false;
  private restarts = 0;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly options: EventConsumerOptions,
    private readonly groupOffsets: (groupId: string, topics: readonly string[]) => Promise<PartitionOffsets[]>,
  ) {
    this.work = new PartitionWork(
      options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
      (batch) => this.handle(batch),
      // A handler that throws crashes the consumer, which starts again from the committed offsets.
      (error) => {
        if (this.stream !== undefined) void this.crashed(this.stream, error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  async start(): Promise<void> {
    this.stopping = new AbortController();
    if (!this.paused) this.work.release();
    await this.open();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.work.hold();
    await this.work.idle();
    await this.close();
  }

  /** Remembered, so a pause asked before the consumer runs, or across its restarts, still holds. */
  pause(): void {
    this.paused = true;
    this.work.hold();
    this.stream?.pause();
  }

  resume(): void {
    this.paused = false;
    this.stream?.resume();
    this.work.release();
  }

  async lag(): Promise<ConsumerLag> {
    return consumerGroupLag(await this.groupOffsets(this.options.groupId, this.options.topics));
  }

  private async open(): Promise<void> {
    const { options } = this;
    const consumer = new Consumer({
      ...clientOptions(this.settings),
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      maxWaitTime: options.maxWaitTimeMs ?? DEFAULT_MAX_WAIT_TIME_MS,
      // The client's default, 50 MB a partition, makes the first fetch of a backlog one response
      // of everything: nothing is handled until all of it is parsed (a second on 100,000 events).
      // 1 MB a partition, 10 MB a fetch (what the Java client and kafkajs use) lets handling
      // start at once and overlap the next fetch.
      maxBytesPerPartition: 1_048_576,
      maxBytes: 10_485_760,
      autocommit: false,
    });
    consumer.on('consumer:group:join', ({ assignments }) => {
      this.restarts = 0;
      options.onNotice?.({ kind: 'joined', partitions: (assignments ?? []).reduce((sum, assignment) => sum + assignment.partitions.length, 0) });
    });
    try {
      const stream = await consumer.consume({
        topics: [...options.topics],
        autocommit: false,
        mode: MessagesStreamModes.COMMITTED,
        fallbackMode: (options.fromBeginning ?? true) ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST,
      });
      this.consumer = consumer;
      this.stream = stream;
      stream.on('data', (message: Message<Buffer, Buffer, Buffer, Buffer>) => this.receive(stream, message));
      stream.on('error', (error: Error) => void this.crashed(stream, error));
      if (this.paused) stream.pause();
    } catch (error) {
      await consumer.close(true).catch(() => undefined);
      throw error;
    }
  }

  private receive(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>, message: Message<Buffer, Buffer, Buffer, Buffer>): void {
    if (stream !== this.stream) return;
    this.work.add(message);
    if (this.work.size >= MAX_PENDING_RECORDS) stream.pause();
  }

  private async handle(messages: readonly Message<Buffer, Buffer, Buffer, Buffer>[]): Promise<void> {
    // Caught up enough with what the fetch loop paused for.
    if (!this.paused && this.stream?.isPaused() === true && this.work.size < MAX_PENDING_RECORDS / 2) this.stream.resume();
    const consumer = this.consumer;
    const first = messages[0];
    const last = messages.at(-1);
    if (consumer === undefined || first === undefined || last === undefined) return;
    const { topic, partition } = first;
    // Fetched before the partition moved to another member: that member reads it from the committed offset.
    if (!this.owns(consumer, topic, partition)) return;
    const signal = this.stopping.signal;
    const batch: ConsumedBatch = {
      topic,
      partition,
      records: messages.map((message) =>
        toConsumedRecord(topic, partition, { key: message.key ?? null, value: message.value ?? null, headers: headersOf(message), offset: message.offset.toString() }),
      ),
      // The client heartbeats on its own timer, whatever the handler is doing.
      heartbeat: () => Promise.resolve(),
      isStale: () => signal.aborted || this.consumer !== consumer || !this.owns(consumer, topic, partition),
      signal,
    };
    const outcome = await this.options.onBatch(batch);
    if (outcome === 'abandoned') {
      // The client already fetches past these records: keep them for the next round while the
      // partition is still ours (in order, ahead of anything newer of the same partition).
      if (!batch.isStale()) this.work.requeue(messages);
      return;
    }
    // Commits the offset after `last` (the next one to read); a commit refused because the group
    // is rebalancing only means these records come again, which handlers are built for.
    await Promise.resolve(last.commit()).catch(() => undefined);
  }

  private owns(consumer: Consumer, topic: string, partition: number): boolean {
    return (consumer.assignments ?? []).some((assignment) => assignment.topic === topic && assignment.partitions.includes(partition));
  }

  /** A consumer that lost its brokers always starts again: a projection that silently stops is worse than one that keeps trying and says so. */
  private async crashed(stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>, error: Error): Promise<void> {
    if (stream !== this.stream) return;
    const restarting = !this.stopping.signal.aborted;
    this.options.onNotice?.({ kind: 'crashed', error, restarting });
    await this.close();
    while (!this.stopping.signal.aborted) {
      const delay = RESTART_DELAYS_MS[Math.min(this.restarts++, RESTART_DELAYS_MS.length - 1)] ?? 10_000;
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.stopping.signal.aborted) return;
      try {
        await this.open();
        return;
      } catch (reopenError) {
        this.options.onNotice?.({ kind: 'crashed', error: reopenError instanceof Error ? reopenError : new Error(String(reopenError)), restarting: true });
      }
    }
  }

  private async close(): Promise<void> {
    const { stream, consumer } = this;
    this.stream = undefined;
    this.consumer = undefined;
    this.work.clear();
    await stream?.close().catch(() => undefined);
    await consumer?.close(true).catch(() => undefined);
  }
}

/** Header values as the envelope codec reads them; of a repeated header, the first. */
function headersOf(message: Message<Buffer, Buffer, Buffer, Buffer>): Record<string, Buffer> {
  const headers: Record<string, Buffer> = {};
  for (const [name, value] of message.headerEntries) {
    const text = name.toString('utf8');
    if (!(text in headers)) headers[text] = value;
  }
  return headers;
}
