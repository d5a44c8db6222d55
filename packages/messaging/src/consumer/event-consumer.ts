import { type BatchOutcome, type ConsumedBatch } from './consumed-batch';
import { type ConsumerLag } from './consumer-lag';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** What a consumer reports besides batches, for status pages and logs. */
export type ConsumerNotice =
  | { readonly kind: 'joined'; readonly partitions: number; readonly assigned: readonly TopicPartition[] }
  | { readonly kind: 'crashed'; readonly error: Error; readonly restarting: boolean };

/**
 * The longest a broker holds an empty fetch open. A fetch already waiting does not include a
 * partition that was resumed or assigned meanwhile, so that partition waits for the fetch to
 * end: 100 ms bounds that wait, for about ten empty fetches a second per broker when idle.
 * A fetch still answers as soon as one byte is ready (minBytes 1), so this adds no latency when
 * events flow.
 */
export const DEFAULT_MAX_WAIT_TIME_MS = 100;

/**
 * How long the group waits for a silent member before giving its partitions to the others.
 * The usual 30 s means a crashed projector's partitions stand still for 30 s; 10 s (with a
 * heartbeat every second, a third of the usual ratio) recovers three times sooner, and a batch
 * is milliseconds of work, far from the limit. Raise it where GC pauses or slow networks are long.
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 1_000;

/** A heartbeat every second, or four per session where the session is shorter than 4 s (fast failover). */
export function heartbeatIntervalOf(sessionTimeoutMs: number): number {
  return Math.max(100, Math.min(HEARTBEAT_INTERVAL_MS, Math.floor(sessionTimeoutMs / 4)));
}

/** Partitions are independent streams of keys; handling a few at once overlaps their database writes. */
export const DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY = 3;

export interface EventConsumerOptions {
  /** The consumer group: its members split the topics' partitions. */
  readonly groupId: string;
  readonly topics: readonly string[];
  /**
   * Called with each partition's batch, one batch per partition at a time, in offset order.
   * Offsets are committed after the returned promise resolves with `processed` (or as far as a
   * `commitBefore` says), never before: the handler makes its write durable first (at-least-once,
   * so the handler is idempotent).
   */
  readonly onBatch: (batch: ConsumedBatch) => Promise<BatchOutcome>;
  readonly onNotice?: (notice: ConsumerNotice) => void;
  /** Where a group without committed offsets starts; the beginning unless told otherwise. */
  readonly fromBeginning?: boolean;
  /** Longest time the broker holds a fetch open when there is nothing new. */
  readonly maxWaitTimeMs?: number;
  /**
   * How long a silent member keeps its partitions before the group moves them (crash recovery
   * time). Brokers refuse less than their `group.min.session.timeout.ms` (6 s unless lowered).
   */
  readonly sessionTimeoutMs?: number;
  /** Batches of different partitions handled at the same time. */
  readonly partitionsConsumedConcurrently?: number;
}

/**
 * A consumer group member delivering decoded events in batches (one partition each), committing
 * offsets only for batches its handler reports `processed`. Records of one key arrive in order.
 */
export interface EventConsumer {
  /** Joins the group and starts fetching; rejects when the brokers cannot be reached. */
  start(): Promise<void>;
  /** Aborts waiting handlers, lets the current batches finish or drop, and leaves the group. */
  stop(): Promise<void>;
  /** Stops fetching (the batches in hand finish) until `resume`. */
  pause(): void;
  resume(): void;
  /** The group's lag, asked from the brokers. */
  lag(): Promise<ConsumerLag>;
  /**
   * Reads a partition this member holds again from `offset` (usually earlier than where it is),
   * committing that offset so a restart starts there too. Batches of the partition delivered
   * before it resolves may be stale. False, and nothing done, when this member does not hold
   * the partition (now, or any longer).
   */
  seek(topic: string, partition: number, offset: bigint): Promise<boolean>;
}
