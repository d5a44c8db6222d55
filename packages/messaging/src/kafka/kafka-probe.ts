import { type KafkaConnection, type KafkaProbeResult } from './kafka-client';

export { type KafkaProbeResult } from './kafka-client';

/** Asks the cluster for its metadata; the connection check every app's /health runs. */
export function probeKafka(kafka: KafkaConnection): Promise<KafkaProbeResult> {
  return kafka.probe();
}
