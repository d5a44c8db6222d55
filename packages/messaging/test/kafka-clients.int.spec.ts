import { connectKafka, kafkaClientNames, parseBrokerList } from '../src';
import { type ContractTarget } from './contract/connect-to';
import { eventConsumerContract } from './contract/event-consumer.contract';
import { eventPublisherContract } from './contract/event-publisher.contract';
import { PrivateKafka } from './contract/private-kafka';
import { topicsAndPartitionsContract } from './contract/topics-and-partitions.contract';

function kafkaContract(target: ContractTarget): void {
  topicsAndPartitionsContract(target);
  eventPublisherContract(target);
  eventConsumerContract(target);
}

// One contract, every client, both broker lines: what the relay and the projector rely on holds
// whichever library speaks to Kafka 4 (the stack's broker) or to Kafka 3.9 (started here).
describe.each(kafkaClientNames)('Kafka 4 through %s', (client) => {
  kafkaContract({ client, brokers: () => process.env['KAFKA_BROKERS'] ?? '' });
});

// Kafka with SASL/SCRAM-SHA-512 (LEDGER_KAFKA_SECURITY=scram): the same contract through the
// credentials, and a client without them gets nowhere.
describe('Kafka 4 with SASL/SCRAM-SHA-512 (LEDGER_KAFKA_SECURITY=scram), a broker of its own', () => {
  let broker: PrivateKafka | undefined;
  beforeAll(async () => {
    broker = await PrivateKafka.start('4', 'scram');
  }, 300_000);
  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  it.each(kafkaClientNames)('refuses %s without credentials, and with a wrong password', async (client) => {
    const brokers = parseBrokerList(broker?.brokers ?? '');
    const anonymous = connectKafka({ brokers, clientId: 'scram-anonymous', connectionTimeoutMs: 1_000, client });
    const wrong = connectKafka({
      brokers,
      clientId: 'scram-wrong',
      connectionTimeoutMs: 1_000,
      client,
      security: { sasl: { mechanism: 'scram-sha-512', username: 'ledger', password: 'not-the-password' } },
    });
    await expect(anonymous.listTopics()).rejects.toThrow();
    await expect(wrong.listTopics()).rejects.toThrow();
  });

  describe.each(kafkaClientNames)('through %s', (client) => {
    kafkaContract({ client, brokers: () => broker?.brokers ?? '', security: () => broker?.security ?? {} });
  });
});

describe('Kafka 3.9 (LEDGER_KAFKA_VERSION=3.9), a broker of its own', () => {
  let broker: PrivateKafka | undefined;
  beforeAll(async () => {
    broker = await PrivateKafka.start('3.9');
  }, 300_000);
  afterAll(async () => {
    await broker?.stop();
  }, 60_000);

  describe.each(kafkaClientNames)('through %s', (client) => {
    kafkaContract({ client, brokers: () => broker?.brokers ?? '' });
  });
});
