import { env } from './env';

/**
 * SASL and TLS for an app's Kafka clients (the relay, the projector). Nothing has a default
 * credential: without KAFKA_SASL_MECHANISM the clients connect unauthenticated, as the local
 * broker expects unless it runs with LEDGER_KAFKA_SECURITY=scram.
 */
export function kafkaSecurityEnv() {
  return {
    kafkaSaslMechanism: env.optional(env.oneOf('KAFKA_SASL_MECHANISM', ['scram-sha-512', 'scram-sha-256', 'plain'] as const)),
    kafkaSaslUsername: env.requiredWith('KAFKA_SASL_MECHANISM', env.string('KAFKA_SASL_USERNAME')),
    kafkaSaslPassword: env.requiredWith('KAFKA_SASL_MECHANISM', env.string('KAFKA_SASL_PASSWORD')),
    kafkaTls: env.oneOf('KAFKA_TLS', ['true', 'false'] as const, 'false'),
    /** A PEM file of the CA that signed the brokers' certificates, when it is not a public one. */
    kafkaTlsCaFile: env.optional(env.string('KAFKA_TLS_CA_FILE')),
  };
}
