import { kafkaClientNames } from '../src';
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
