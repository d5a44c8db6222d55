import { type KafkaRecord } from '../envelope/event-envelope';
import { type EventConsumer, type EventConsumerOptions } from '../consumer/event-consumer';

/** The Kafka clients `@ledger/messaging` can run on: the maintained default and the one it replaced. */
export const kafkaClientNames = ['platformatic', 'kafkajs'] as const;
export type KafkaClientName = (typeof kafkaClientNames)[number];
export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'platformatic';

/** What a health check learns from the cluster: enough to say "up" and to show which brokers. */
export interface KafkaProbeResult {
  readonly brokers: number;
  readonly controller: number | null;
}

export interface NewTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
}

/** Where a group stands on one partition: its committed offset (null: none yet) and the partition's watermarks. */
export interface PartitionOffsets {
  readonly topic: string;
  readonly partition: number;
  readonly committed: bigint | null;
  readonly low: bigint;
  readonly high: bigint;
}

/**
 * Sends `KafkaRecord`s as they are: idempotent producer, acks from all in-sync replicas, so a
 * resolved `send` means every record is durable on the cluster. With `ordered`, records of one
 * partition are written in the order given across calls too, even when a send is retried.
 */
export interface RecordProducer {
  send(records: readonly KafkaRecord[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The one door to a Kafka cluster: the apps and the rest of this package see only this, so the
 * client library under it is a configuration choice (`KAFKA_CLIENT`), and one contract suite
 * (test/contract/, run by test/kafka-clients.int.spec.ts) holds every adapter to the same promises.
 */
export interface KafkaConnection {
  readonly client: KafkaClientName;
  /** Resolves only when a broker really answered: a readiness check, not a TCP ping. */
  probe(): Promise<KafkaProbeResult>;
  listTopics(): Promise<string[]>;
  /** Creates the topics and waits until each partition has a leader. */
  createTopics(topics: readonly NewTopic[]): Promise<void>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  /** Producers are created lazily: constructing one opens no connection. */
  recordProducer(options?: { readonly ordered?: boolean }): RecordProducer;
  consumer(options: EventConsumerOptions): EventConsumer;
  listGroups(): Promise<string[]>;
  /** Rejects while a group still has members. */
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  /** Sets where a group without members starts reading (a replay, a skip). */
  setGroupOffsets(groupId: string, offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: bigint }[]): Promise<void>;
  /** Every partition of the topics (topic by topic, in partition order), with the group's committed offset and the watermarks. */
  groupOffsets(groupId: string, topics: readonly string[]): Promise<PartitionOffsets[]>;
}
