import { Admin, findErrorBy } from '@platformatic/kafka';
import { type EventConsumer, type EventConsumerOptions } from '../../consumer/event-consumer';
import { type ConnectionSettings } from '../connection-settings';
import { type KafkaConnection, type KafkaProbeResult, type NewTopic, type PartitionOffsets, type RecordProducer } from '../kafka-client';
import { clientOptions } from './client-options';
import { PlatformaticEventConsumer } from './platformatic-event-consumer';
import { PlatformaticRecordProducer } from './platformatic-record-producer';

const LATEST = -1n;
const EARLIEST = -2n;

/** `KafkaConnection` on @platformatic/kafka: maintained, pure JavaScript, speaks the protocol versions Kafka 4 kept. */
export class PlatformaticConnection implements KafkaConnection {
  readonly client = 'platformatic';

  constructor(private readonly settings: ConnectionSettings) {}

  probe(): Promise<KafkaProbeResult> {
    return this.withAdmin(async (admin) => {
      const cluster = await admin.metadata({ topics: [], forceUpdate: true });
      return { brokers: cluster.brokers.size, controller: cluster.controllerId >= 0 ? cluster.controllerId : null };
    });
  }

  listTopics(): Promise<string[]> {
    return this.withAdmin((admin) => admin.listTopics());
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    await this.withAdmin(async (admin) => {
      // One request per replication setting: the topic configuration applies to a whole request.
      for (const topic of topics) {
        await admin
          .createTopics({
            topics: [{ topic: topic.name, partitions: topic.partitions, replicas: topic.replicationFactor }],
            configs: [{ name: 'min.insync.replicas', value: String(topic.minInSyncReplicas) }],
          })
          // Another process created it meanwhile (a relay and a projector starting together): that is the goal.
          .catch((error: unknown) => {
            if (!(error instanceof Error) || findErrorBy(error, 'apiId', 'TOPIC_ALREADY_EXISTS') === null) throw error;
          });
      }
      await waitForLeaders(admin, topics.map((topic) => topic.name));
    });
  }

  async deleteTopics(topics: readonly string[]): Promise<void> {
    if (topics.length > 0) await this.withAdmin((admin) => admin.deleteTopics({ topics: [...topics] }));
  }

  recordProducer(options: { readonly ordered?: boolean } = {}): RecordProducer {
    return new PlatformaticRecordProducer(this.settings, options.ordered ?? false);
  }

  consumer(options: EventConsumerOptions): EventConsumer {
    return new PlatformaticEventConsumer(this.settings, options, (groupId, topics) => this.groupOffsets(groupId, topics));
  }

  listGroups(): Promise<string[]> {
    return this.withAdmin(async (admin) => [...(await admin.listGroups()).keys()]);
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    if (groupIds.length > 0) await this.withAdmin((admin) => admin.deleteGroups({ groups: [...groupIds] }));
  }

  async setGroupOffsets(groupId: string, offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: bigint }[]): Promise<void> {
    const topics = [...new Set(offsets.map((entry) => entry.topic))].map((name) => ({
      name,
      partitionOffsets: offsets.filter((entry) => entry.topic === name).map((entry) => ({ partition: entry.partition, offset: entry.offset })),
    }));
    await this.withAdmin((admin) => admin.alterConsumerGroupOffsets({ groupId, topics }));
  }

  groupOffsets(groupId: string, topics: readonly string[]): Promise<PartitionOffsets[]> {
    return this.withAdmin(async (admin) => {
      const cluster = await admin.metadata({ topics: [...topics], forceUpdate: true });
      const partitionsOf = (topic: string) => Array.from({ length: cluster.topics.get(topic)?.partitionsCount ?? 0 }, (_, index) => index);
      const watermark = (timestamp: bigint) =>
        admin.listOffsets({ topics: topics.map((name) => ({ name, partitions: partitionsOf(name).map((partitionIndex) => ({ partitionIndex, timestamp })) })) });
      const [groups, lows, highs] = await Promise.all([
        admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: topics.map((name) => ({ name, partitionIndexes: partitionsOf(name) })) }] }),
        watermark(EARLIEST),
        watermark(LATEST),
      ]);
      const offsetIn = (listed: typeof lows, topic: string, partition: number) =>
        listed.find((entry) => entry.name === topic)?.partitions.find((entry) => entry.partitionIndex === partition)?.offset ?? 0n;
      return topics.flatMap((topic) =>
        partitionsOf(topic).map((partition): PartitionOffsets => {
          const committed = groups[0]?.topics.find((entry) => entry.name === topic)?.partitions.find((entry) => entry.partitionIndex === partition)?.committedOffset;
          // The broker says -1 for a partition the group never committed.
          return { topic, partition, committed: committed !== undefined && committed >= 0n ? committed : null, low: offsetIn(lows, topic, partition), high: offsetIn(highs, topic, partition) };
        }),
      );
    });
  }

  /** A fresh admin session per call: these are rare (boot, health, lag), and nothing is left open. */
  private async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = new Admin(clientOptions(this.settings));
    try {
      return await work(admin);
    } finally {
      await admin.close();
    }
  }
}

/** A created topic takes a moment to elect its partition leaders; producing before that fails. */
async function waitForLeaders(admin: Admin, topics: readonly string[]): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const cluster = await admin.metadata({ topics: [...topics], forceUpdate: true });
    const led = topics.every((topic) => {
      const partitions = cluster.topics.get(topic)?.partitions ?? [];
      return partitions.length > 0 && partitions.every((partition) => partition.leader >= 0);
    });
    if (led) return;
    if (attempt >= 100) throw new Error(`topics ${topics.join(', ')} have no partition leaders after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
