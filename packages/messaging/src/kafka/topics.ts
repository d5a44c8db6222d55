import type { Kafka } from 'kafkajs';

/**
 * A topic the project owns. Brokers run with auto-creation off, so every topic is created
 * here with an explicit partition count; replication comes from config so production can
 * ask for 3 replicas and min.insync.replicas 2 while the local single broker uses 1.
 */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

export interface TopicReplication {
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
}

export const singleBrokerReplication: TopicReplication = { replicationFactor: 1, minInSyncReplicas: 1 };

/** Creates the topics that do not exist yet; existing ones are left as they are. Idempotent. */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  replication: TopicReplication = singleBrokerReplication,
): Promise<string[]> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic.name));
    if (missing.length === 0) return [];
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: replication.replicationFactor,
        configEntries: [{ name: 'min.insync.replicas', value: String(replication.minInSyncReplicas) }],
      })),
    });
    return missing.map((topic) => topic.name);
  } finally {
    await admin.disconnect();
  }
}
