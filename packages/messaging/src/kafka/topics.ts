import { type KafkaConnection } from './kafka-client';

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
  kafka: KafkaConnection,
  topics: readonly TopicSpec[],
  replication: TopicReplication = singleBrokerReplication,
): Promise<string[]> {
  const existing = new Set(await kafka.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  if (missing.length === 0) return [];
  await kafka.createTopics(missing.map((topic) => ({ ...topic, ...replication })));
  return missing.map((topic) => topic.name);
}
