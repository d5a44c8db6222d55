import { Kafka, logLevel, type Admin, type SASLOptions } from 'kafkajs';
import { type EventConsumer, type EventConsumerOptions } from '../../consumer/event-consumer';
import { type ConnectionSettings } from '../connection-settings';
import { type KafkaSecurity } from '../kafka-security';
import { type KafkaConnection, type KafkaProbeResult, type NewTopic, type PartitionOffsets, type RecordProducer } from '../kafka-client';
import { KafkajsEventConsumer } from './kafkajs-event-consumer';
import { KafkajsRecordProducer } from './kafkajs-record-producer';

/** kafkajs spells the mechanisms in lower case, as the config does. */
function kafkajsSecurity({ sasl, tls }: KafkaSecurity): { sasl?: SASLOptions; ssl?: boolean | { ca: string[] } } {
  return {
    ...(sasl === undefined ? {} : { sasl: { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } }),
    ...(tls === undefined ? {} : { ssl: tls.ca === undefined ? true : { ca: [tls.ca] } }),
  };
}

/**
 * `KafkaConnection` on kafkajs 2.2.4: unmaintained since 2023, kept selectable (`KAFKA_CLIENT=kafkajs`)
 * for a deployment that depends on its behaviour. Its own console logger is silenced: retries
 * surface through our health checks and errors instead.
 */
export class KafkajsConnection implements KafkaConnection {
  readonly client = 'kafkajs';
  private readonly kafka: Kafka;

  constructor(settings: ConnectionSettings) {
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: [...settings.brokers],
      connectionTimeout: settings.connectionTimeoutMs,
      ...kafkajsSecurity(settings.security),
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, initialRetryTime: 200 },
    });
  }

  probe(): Promise<KafkaProbeResult> {
    return this.withAdmin(async (admin) => {
      const cluster = await admin.describeCluster();
      return { brokers: cluster.brokers.length, controller: cluster.controller };
    });
  }

  listTopics(): Promise<string[]> {
    return this.withAdmin((admin) => admin.listTopics());
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    await this.withAdmin((admin) =>
      admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: topic.replicationFactor,
          configEntries: [{ name: 'min.insync.replicas', value: String(topic.minInSyncReplicas) }],
        })),
      }),
    );
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    if (topics.length > 0) await this.withAdmin((admin) => admin.deleteTopics({ topics: [...topics] }));
  }

  recordProducer(options: { readonly ordered?: boolean } = {}): RecordProducer {
    return new KafkajsRecordProducer(this.kafka, options.ordered ?? false);
  }

  consumer(options: EventConsumerOptions): EventConsumer {
    return new KafkajsEventConsumer(this.kafka, options, (groupId, topics) => this.groupOffsets(groupId, topics));
  }

  listGroups(): Promise<string[]> {
    return this.withAdmin(async (admin) => (await admin.listGroups()).groups.map((group) => group.groupId));
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    if (groupIds.length > 0) await this.withAdmin((admin) => admin.deleteGroups([...groupIds]));
  }

  async setGroupOffsets(groupId: string, offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: bigint }[]): Promise<void> {
    await this.withAdmin(async (admin) => {
      for (const topic of new Set(offsets.map((entry) => entry.topic))) {
        const partitions = offsets.filter((entry) => entry.topic === topic).map((entry) => ({ partition: entry.partition, offset: entry.offset.toString() }));
        await admin.setOffsets({ groupId, topic, partitions });
      }
    });
  }

  groupOffsets(groupId: string, topics: readonly string[]): Promise<PartitionOffsets[]> {
    return this.withAdmin(async (admin) => {
      const committedByTopic = await admin.fetchOffsets({ groupId, topics: [...topics] });
      const offsets: PartitionOffsets[] = [];
      for (const topic of topics) {
        const committed = committedByTopic.find((entry) => entry.topic === topic)?.partitions ?? [];
        const watermarks = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition);
        for (const { partition, high, low } of watermarks) {
          const offset = committed.find((entry) => entry.partition === partition)?.offset;
          // kafkajs says "-1" for a partition the group never committed.
          const isCommitted = offset !== undefined && BigInt(offset) >= 0n;
          offsets.push({ topic, partition, committed: isCommitted ? BigInt(offset) : null, low: BigInt(low), high: BigInt(high) });
        }
      }
      return offsets;
    });
  }

  /** A fresh admin session per call: these are rare (boot, health, lag), and nothing is left open. */
  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }
}
