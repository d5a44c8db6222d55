import { kafkaSecurityOf, type KafkaSecurityConfig } from '../src';

const plaintext: KafkaSecurityConfig = { kafkaSaslMechanism: undefined, kafkaSaslUsername: undefined, kafkaSaslPassword: undefined, kafkaTls: 'false', kafkaTlsCaFile: undefined };
const files: Record<string, string> = { '/etc/kafka/ca.pem': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' };
const readFile = (path: string): string => {
  const content = files[path];
  if (content === undefined) throw new Error(`ENOENT: ${path}`);
  return content;
};

describe('the Kafka clients’ security from an app’s config', () => {
  it('is plaintext and unauthenticated unless configured', () => {
    expect(kafkaSecurityOf(plaintext, readFile)).toEqual({});
  });

  it('takes SASL credentials and TLS with the system’s roots', () => {
    const config = { ...plaintext, kafkaSaslMechanism: 'scram-sha-512' as const, kafkaSaslUsername: 'relay', kafkaSaslPassword: 's3cret', kafkaTls: 'true' as const };

    expect(kafkaSecurityOf(config, readFile)).toEqual({ sasl: { mechanism: 'scram-sha-512', username: 'relay', password: 's3cret' }, tls: {} });
  });

  it('reads a private CA from its file, and says which file is missing', () => {
    expect(kafkaSecurityOf({ ...plaintext, kafkaTls: 'true', kafkaTlsCaFile: '/etc/kafka/ca.pem' }, readFile)).toEqual({ tls: { ca: files['/etc/kafka/ca.pem'] } });
    expect(() => kafkaSecurityOf({ ...plaintext, kafkaTls: 'true', kafkaTlsCaFile: '/nowhere.pem' }, readFile)).toThrow('/nowhere.pem');
  });
});
