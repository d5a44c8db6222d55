import { InvalidValue } from './config-error';
import { env, type EnvVariable } from './env';

/** A setting that means nothing without another: set alone it is refused, not silently ignored. */
function onlyWith<T>(other: string, otherValue: string | undefined, inner: EnvVariable<T>): EnvVariable<T> {
  return {
    name: inner.name,
    parse(raw, source, warn) {
      const value = inner.parse(raw, source, warn);
      const set = source[other]?.trim() ?? '';
      const present = otherValue === undefined ? set !== '' : set === otherValue;
      if (raw !== undefined && raw.trim() !== '' && !present) {
        throw new InvalidValue(otherValue === undefined ? `is set but ${other} is not` : `is set but ${other} is not ${otherValue}`);
      }
      return value;
    },
  };
}

/** PLAIN sends the password as it is: over plaintext, anyone on the path reads it. */
function plainNeedsTls<T>(inner: EnvVariable<T>): EnvVariable<T> {
  return {
    name: inner.name,
    parse(raw, source, warn) {
      const value = inner.parse(raw, source, warn);
      if (value === 'plain' && source['KAFKA_TLS']?.trim() !== 'true') warn?.('KAFKA_SASL_MECHANISM=plain without KAFKA_TLS=true sends the Kafka password in clear');
      return value;
    },
  };
}

/**
 * SASL and TLS for an app's Kafka clients (the relay, the projector). Nothing has a default
 * credential: without KAFKA_SASL_MECHANISM the clients connect unauthenticated, as the local
 * broker expects unless it runs with LEDGER_KAFKA_SECURITY=scram.
 */
export function kafkaSecurityEnv() {
  return {
    kafkaSaslMechanism: plainNeedsTls(env.optional(env.oneOf('KAFKA_SASL_MECHANISM', ['scram-sha-512', 'scram-sha-256', 'plain'] as const))),
    kafkaSaslUsername: onlyWith('KAFKA_SASL_MECHANISM', undefined, env.requiredWith('KAFKA_SASL_MECHANISM', env.string('KAFKA_SASL_USERNAME'))),
    kafkaSaslPassword: onlyWith('KAFKA_SASL_MECHANISM', undefined, env.requiredWith('KAFKA_SASL_MECHANISM', env.string('KAFKA_SASL_PASSWORD'))),
    kafkaTls: env.oneOf('KAFKA_TLS', ['true', 'false'] as const, 'false'),
    /** A PEM file of the CA that signed the brokers' certificates, when it is not a public one. */
    kafkaTlsCaFile: onlyWith('KAFKA_TLS', 'true', env.optional(env.string('KAFKA_TLS_CA_FILE'))),
  };
}
