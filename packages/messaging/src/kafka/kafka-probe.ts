import type { Kafka } from 'kafkajs';

/** What a health check learns from the cluster: enough to say "up" and to show which brokers. */
export interface KafkaProbeResult {
  readonly brokers: number;
  readonly controller: number | null;
}

/**
 * Asks the cluster for its metadata over a fresh admin connection. Resolves only when a broker
 * really answered, so it is a readiness check, not a TCP ping.
 */
export async function probeKafka(kafka: Kafka): Promise<KafkaProbeResult> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  } finally {
    await admin.disconnect();
  }
}
