/** SASL mechanisms both clients speak. */
export const kafkaSaslMechanisms = ['scram-sha-512', 'scram-sha-256', 'plain'] as const;
export type KafkaSaslMechanism = (typeof kafkaSaslMechanisms)[number];

/**
 * How a client proves who it is to the brokers and protects the connection: SASL (SCRAM-SHA-512
 * is what the local broker runs with LEDGER_KAFKA_SECURITY=scram) and TLS, each optional.
 */
export interface KafkaSecurity {
  readonly sasl?: { readonly mechanism: KafkaSaslMechanism; readonly username: string; readonly password: string };
  /** TLS to the brokers; `ca` (PEM) replaces the system's trusted roots, for a private CA. */
  readonly tls?: { readonly ca?: string };
}

/** `scram-sha-512` → `SCRAM-SHA-512`, the name on the wire (and @platformatic/kafka's). */
export function saslMechanismName(mechanism: KafkaSaslMechanism): 'SCRAM-SHA-512' | 'SCRAM-SHA-256' | 'PLAIN' {
  switch (mechanism) {
    case 'scram-sha-512':
      return 'SCRAM-SHA-512';
    case 'scram-sha-256':
      return 'SCRAM-SHA-256';
    case 'plain':
      return 'PLAIN';
  }
}

/** The security settings as an app's config holds them (`kafkaSecurityEnv` in @ledger/platform). */
export interface KafkaSecurityConfig {
  readonly kafkaSaslMechanism: KafkaSaslMechanism | undefined;
  readonly kafkaSaslUsername: string | undefined;
  readonly kafkaSaslPassword: string | undefined;
  readonly kafkaTls: 'true' | 'false';
  readonly kafkaTlsCaFile: string | undefined;
}

/** The clients' security from an app's config; the CA file is read here, once, when the connection is made. */
export function kafkaSecurityOf(config: KafkaSecurityConfig, readFile: (path: string) => string): KafkaSecurity {
  const { kafkaSaslMechanism: mechanism, kafkaSaslUsername: username, kafkaSaslPassword: password } = config;
  const sasl = mechanism === undefined || username === undefined || password === undefined ? undefined : { mechanism, username, password };
  const tls = config.kafkaTls === 'true' ? (config.kafkaTlsCaFile === undefined ? {} : { ca: readFile(config.kafkaTlsCaFile) }) : undefined;
  return { ...(sasl === undefined ? {} : { sasl }), ...(tls === undefined ? {} : { tls }) };
}
