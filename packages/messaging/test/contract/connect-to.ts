import { connectKafka, parseBrokerList, type KafkaClientName, type KafkaConnection, type KafkaSecurity, type RecordProducer } from '../../src';

/** Which client the contract holds to account, and the broker it talks to (known once a private broker started). */
export interface ContractTarget {
  readonly client: KafkaClientName;
  readonly brokers: () => string;
  /** The credentials a secured broker wants (known, like its address, once it started). */
  readonly security?: () => KafkaSecurity;
}

/**
 * A connection to the target's broker, made on first use: the contracts build their publishers and
 * consumers while jest collects the tests, before a private broker's `beforeAll` has started it.
 */
export function connectTo(target: ContractTarget, clientId: string): KafkaConnection {
  let connection: KafkaConnection | undefined;
  const real = (): KafkaConnection => (connection ??= connectKafka({ brokers: parseBrokerList(target.brokers()), clientId, client: target.client, security: target.security?.() ?? {} }));
  return {
    client: target.client,
    probe: () => real().probe(),
    listTopics: () => real().listTopics(),
    createTopics: (topics) => real().createTopics(topics),
    deleteTopics: (topics) => real().deleteTopics(topics),
    recordProducer: (options) => {
      let producer: RecordProducer | undefined;
      return { send: (records) => (producer ??= real().recordProducer(options)).send(records), close: () => producer?.close() ?? Promise.resolve() };
    },
    consumer: (options) => real().consumer(options),
    listGroups: () => real().listGroups(),
    deleteGroups: (groupIds) => real().deleteGroups(groupIds),
    setGroupOffsets: (groupId, offsets) => real().setGroupOffsets(groupId, offsets),
    groupOffsets: (groupId, topics) => real().groupOffsets(groupId, topics),
  };
}
