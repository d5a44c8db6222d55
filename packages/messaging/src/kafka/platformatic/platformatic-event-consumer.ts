import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, type Message, type MessagesStream } from '@platformatic/kafka';
import { offsetToCommit, toConsumedRecord, type BatchOutcome, type ConsumedBatch } from '../../consumer/consumed-batch';
import { consumerGroupLag, type ConsumerLag } from '../../consumer/consumer-lag';
import {
  DEFAULT_MAX_WAIT_TIME_MS,
  DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
  DEFAULT_SESSION_TIMEOUT_MS,
  heartbeatIntervalOf,
  type EventConsumer,
  type EventConsumerOptions,
} from '../../consumer/event-consumer';
import { type ConnectionSettings } from '../connection-settings';
import { type PartitionOffsets } from '../kafka-client';
import { clientOptions } from './client-options';
import { PartitionWork } from './partition-work';

/** Records held in memory before the fetch loop waits for the handlers to catch up. */
const MAX_PENDING_RECORDS = 20_000;
/** Records of one partition handed to one batch at most: one transaction's worth for the handler. */
const MAX_BATCH_RECORDS = 2_000;
const RESTART_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000];
/** A commit the client holds back (while the group rebalances) is not waited for past this. */
const COMMIT_WAIT_MS = 10_000;

type Record_ = Message<Buffer, Buffer, Buffer, Buffer>;

/** One client consumer and its stream, from `open` to `close`: a crash ends one and starts the next. */
interface Session {
  readonly consumer: Consumer;
  readonly stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  readonly closed: AbortController;
}

/**
 * `EventConsumer` on @platformatic/kafka. The client hands over one stream of records from every
 * assigned partition; this cuts it into per-partition batches (one batch per partition at a time,
 * a few partitions at once, see PartitionWork), commits after the handler's durable write, never
 * on its own, and keeps a batch the handler abandoned for the next round while its partition
 * stays here. Heartbeats run on the client's own timer, so a slow handler never costs the group
 * membership. Any failure of the client (stream, group, handler) ends the session and a new one
 * starts from the committed offsets, with backoff, until `stop`.
 */
export class PlatformaticEventConsumer implements EventConsumer {
  private session: Session | undefined;
  private restarting: Promise<void> | undefined;
  private seeks: Promise<unknown> = Promise.resolve();
  private readonly work: PartitionWork<Record_>;
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
      MAX_BATCH_RECORDS,
      (batch) => this.handle(batch),
      (error) => this.crashed(this.session, error),
    );
  }

  async start(): Promise<void> {
    if (this.session !== undefined || this.restarting !== undefined) throw new Error(`consumer of ${this.options.groupId} is already running`);
    this.stopping = new AbortController();
    if (!this.paused) this.work.release();
    this.session = await this.open();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.work.hold();
    await this.work.idle();
    await this.restarting;
    await this.close(this.session);
  }

  /** Remembered, so a pause asked before the consumer runs, or across its restarts, still holds. */
  pause(): void {
    this.paused = true;
    this.work.hold();
    this.session?.stream.pause();
  }

  resume(): void {
    this.paused = false;
    this.session?.stream.resume();
    this.work.release();
  }

  async lag(): Promise<ConsumerLag> {
    return consumerGroupLag(await this.groupOffsets(this.options.groupId, this.options.topics));
  }

  private async open(): Promise<Session> {
    const { options } = this;
    const sessionTimeout = options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
    const consumer = new Consumer({
      ...clientOptions(this.settings),
      groupId: options.groupId,
      sessionTimeout,
      heartbeatInterval: heartbeatIntervalOf(sessionTimeout),
      // The client's 102 s would let a rebalance wait that long for a member that left.
      rebalanceTimeout: Math.max(sessionTimeout, 30_000),
      maxWaitTime: options.maxWaitTimeMs ?? DEFAULT_MAX_WAIT_TIME_MS,
      // The client's default, 50 MB a partition, makes the first fetch of a backlog one response
      // of everything: nothing is handled until all of it is parsed (a second on 100,000 events).
      // 1 MB a partition, 10 MB a fetch (what the Java client and kafkajs use) lets handling
      // start at once and overlap the next fetch.
      maxBytesPerPartition: 1_048_576,
      maxBytes: 10_485_760,
      autocommit: false,
    });
    const closed = new AbortController();
    let session: Session | undefined;
    // Without a listener an 'error' of the client (a rejoin that failed) would end the process.
    consumer.on('error', (error: Error) => this.crashed(session, error));
    consumer.on('consumer:group:join', ({ assignments }) => {
      this.restarts = 0;
      // After a rebalance the client reads every partition it keeps again from the committed
      // offset; what was queued from before would come twice, the older after the newer.
      if (session !== undefined && session === this.session) {
        this.work.clear();
        // Paused because the queue was full: nothing queued is left to resume it after a batch.
        if (!this.paused && session.stream.isPaused()) session.stream.resume();
      }
      const assigned = (assignments ?? []).flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition })));
      options.onNotice?.({ kind: 'joined', partitions: assigned.length, assigned });
    });
    try {
      const stream = await consumer.consume({
        topics: [...options.topics],
        autocommit: false,
        mode: MessagesStreamModes.COMMITTED,
        fallbackMode: (options.fromBeginning ?? true) ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST,
      });
      const opened: Session = { consumer, stream, closed };
      session = opened;
      stream.on('data', (message: Record_) => this.receive(opened, message));
      stream.on('error', (error: Error) => this.crashed(opened, error));
      if (this.paused) stream.pause();
      return opened;
    } catch (error) {
      await consumer.close(true).catch(() => undefined);
      throw error;
    }
  }

  private receive(session: Session, message: Record_): void {
    if (session !== this.session) return;
    this.work.add(message);
    if (this.work.size >= MAX_PENDING_RECORDS) session.stream.pause();
  }

  private async handle(messages: readonly Record_[]): Promise<void> {
    const session = this.session;
    const first = messages[0];
    const last = messages.at(-1);
    if (session === undefined || first === undefined || last === undefined) return;
    // Caught up enough with what the fetch loop paused for.
    if (!this.paused && session.stream.isPaused() && this.work.size < MAX_PENDING_RECORDS / 2) session.stream.resume();
    const { topic, partition } = first;
    const stale = () => this.stopping.signal.aborted || this.session !== session || !owns(session.consumer, topic, partition);
    // Fetched before the partition moved to another member: that member reads it from the committed offset.
    if (stale()) return;
    const batch: ConsumedBatch = {
      topic,
      partition,
      records: messages.map((message) =>
        toConsumedRecord(topic, partition, { key: message.key ?? null, value: message.value ?? null, headers: headersOf(message), offset: message.offset.toString() }),
      ),
      // The client heartbeats on its own timer, whatever the handler is doing.
      heartbeat: () => Promise.resolve(),
      isStale: stale,
      signal: this.stopping.signal,
    };
    let outcome: BatchOutcome;
    try {
      outcome = await this.options.onBatch(batch);
    } catch (error) {
      // A handler that throws crashes the consumer, which starts again from the committed offsets.
      this.crashed(session, error);
      return;
    }
    if (outcome === 'abandoned') {
      // The client already fetches past these records: keep them for the next round while the
      // partition is still ours (in order, ahead of anything newer of the same partition).
      if (!stale()) this.work.requeue(messages);
      return;
    }
    // A partition that moved meanwhile is the new owner's to commit: a late commit from here
    // could set its offset back.
    if (stale()) return;
    const next = offsetToCommit(outcome, first.offset.toString(), last.offset.toString());
    const through = next === undefined ? undefined : messages.find((message) => message.offset === next - 1n);
    if (through === undefined) return;
    // Commits the offset after `through` (the next one to read). The client holds a commit back
    // while the group rebalances and forgets it when the session closes, so it is not waited
    // for forever; one that does not land only means these records come again.
    await Promise.race([Promise.resolve(through.commit()), abortedOrAfter(session.closed.signal, COMMIT_WAIT_MS)]).catch(() => undefined);
  }

  /**
   * The client has no seek: the offset is committed (the one commit that may go back) and the
   * session starts again at once, which reads every partition from its committed offset. Rare
   * by design (a projection resumed, or found behind on assignment).
   */
  seek(topic: string, partition: number, offset: bigint): Promise<boolean> {
    // One at a time: a seek's restart would close the session another seek is committing in.
    const seek = this.seeks.then(() => this.seekOnce(topic, partition, offset));
    this.seeks = seek.catch(() => undefined);
    return seek;
  }

  private async seekOnce(topic: string, partition: number, offset: bigint): Promise<boolean> {
    // A session being replaced first: the partition may stay here, or go.
    while (this.restarting !== undefined) await this.restarting;
    const session = this.session;
    if (session === undefined || this.stopping.signal.aborted || !owns(session.consumer, topic, partition)) return false;
    try {
      // -1: no leader epoch known, so the broker does not fence the commit by it.
      const committed = session.consumer.commit({ offsets: [{ topic, partition, offset, leaderEpoch: -1 }] }).then(() => true);
      // Failing after the wait below gave up on it: nothing left to tell.
      committed.catch(() => undefined);
      // A commit that did not answer in time may not have landed: the partition would be read from the old offset.
      if (!(await Promise.race([committed, abortedOrAfter(session.closed.signal, COMMIT_WAIT_MS).then(() => false)]))) return false;
    } catch (error) {
      this.crashed(session, error);
      return false;
    }
    if (session !== this.session || this.stopping.signal.aborted) return false;
    // Another seek restarts the session already: it reads this partition from the commit too.
    if (this.restarting === undefined) this.restarting = this.restart(session, this.stopping.signal, 0).finally(() => (this.restarting = undefined));
    return true;
  }

  /** Ends the session and starts a new one, with backoff, until `stop`: a projection that silently stops is worse than one that keeps trying and says so. */
  private crashed(session: Session | undefined, failure: unknown): void {
    if (session === undefined || session !== this.session || this.restarting !== undefined) return;
    const error = failure instanceof Error ? failure : new Error(String(failure));
    const stopping = this.stopping.signal;
    this.options.onNotice?.({ kind: 'crashed', error, restarting: !stopping.aborted });
    this.restarting = this.restart(session, stopping).finally(() => (this.restarting = undefined));
  }

  private async restart(crashed: Session, stopping: AbortSignal, firstDelayMs?: number): Promise<void> {
    await this.close(crashed);
    for (let attempt = 0; !stopping.aborted; attempt += 1) {
      const delay = attempt === 0 && firstDelayMs !== undefined ? firstDelayMs : (RESTART_DELAYS_MS[Math.min(this.restarts++, RESTART_DELAYS_MS.length - 1)] ?? 10_000);
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (stopping.aborted) return;
      try {
        const session = await this.open();
        // `stop` came while this one was opening: it found nothing to close, so this does.
        if (stopping.aborted) await this.close(session);
        else this.session = session;
        return;
      } catch (reopenError) {
        this.options.onNotice?.({ kind: 'crashed', error: reopenError instanceof Error ? reopenError : new Error(String(reopenError)), restarting: true });
      }
    }
  }

  private async close(session: Session | undefined): Promise<void> {
    if (session === undefined) return;
    if (this.session === session) {
      this.session = undefined;
      this.work.clear();
    }
    session.closed.abort();
    await session.stream.close().catch(() => undefined);
    await session.consumer.close(true).catch(() => undefined);
  }
}

function owns(consumer: Consumer, topic: string, partition: number): boolean {
  return (consumer.assignments ?? []).some((assignment) => assignment.topic === topic && assignment.partitions.includes(partition));
}

/** Resolves when `signal` aborts or after `ms`, whichever comes first (the timer never holds the process). */
function abortedOrAfter(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
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
