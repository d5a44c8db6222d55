import type { KafkaSecurity } from './kafka-security';

/** What every adapter needs to reach the cluster. */
export interface ConnectionSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly connectionTimeoutMs: number;
  readonly security: KafkaSecurity;
}
