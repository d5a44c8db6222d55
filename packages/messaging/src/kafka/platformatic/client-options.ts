import { type ConnectionSettings } from '../connection-settings';
import { saslMechanismName } from '../kafka-security';

/**
 * Options every @platformatic/kafka client gets. Retries are bounded (five, about 5 s of
 * backoff in all, each request at most 30 s) instead of endless: an outage then surfaces as an error the caller can log, count and retry, and a
 * graceful stop is not stuck behind a request that never returns. Retrying is the caller's job.
 */
export function clientOptions(settings: ConnectionSettings) {
  const { sasl, tls } = settings.security;
  return {
    clientId: settings.clientId,
    bootstrapBrokers: [...settings.brokers],
    connectTimeout: settings.connectionTimeoutMs,
    requestTimeout: 30_000,
    retries: 5,
    retryDelay: (_client: unknown, _operation: string, attempt: number) => Math.min(100 * 2 ** attempt, 2_000),
    // Topics are the project's to create, with explicit partition counts.
    autocreateTopics: false,
    ...(sasl === undefined ? {} : { sasl: { mechanism: saslMechanismName(sasl.mechanism), username: sasl.username, password: sasl.password } }),
    // tlsServerName: the broker's host as SNI, which brokers behind a TLS router (Confluent Cloud, an ingress) need.
    ...(tls === undefined ? {} : { tls: tls.ca === undefined ? {} : { ca: tls.ca }, tlsServerName: true }),
  };
}
