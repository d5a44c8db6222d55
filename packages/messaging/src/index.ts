export { connectAppKafka, connectKafka, parseBrokerList, parseKafkaClient, type AppKafkaConfig, type KafkaConnectionOptions } from './kafka/kafka-connection';
export { kafkaSaslMechanisms, kafkaSecurityOf, type KafkaSaslMechanism, type KafkaSecurity, type KafkaSecurityConfig } from './kafka/kafka-security';
export {
  DEFAULT_KAFKA_CLIENT,
  kafkaClientNames,
  type KafkaClientName,
  type KafkaConnection,
  type KafkaProbeResult,
  type NewTopic,
  type PartitionOffsets,
  type RecordProducer,
} from './kafka/kafka-client';
export { probeKafka } from './kafka/kafka-probe';
export {
  ensureTopics,
  singleBrokerReplication,
  type TopicReplication,
  type TopicSpec,
} from './kafka/topics';
export {
  decodeEventRecord,
  encodeEventRecord,
  EnvelopeDecodeError,
  type KafkaRecord,
  type ReceivedRecord,
} from './envelope/event-envelope';
export {
  deadLetterTopicOf,
  eventTopics,
  parseTopicPrefix,
  topicOfCategory,
  topicOfStream,
  type EventTopics,
} from './envelope/event-topic';
export { type EventPublisher } from './publishing/event-publisher';
export { KafkaEventPublisher, type KafkaEventPublisherOptions } from './publishing/kafka-event-publisher';
export {
  toConsumedRecord,
  type BatchOutcome,
  type ConsumedBatch,
  type ConsumedRecord,
  type DecodedRecord,
} from './consumer/consumed-batch';
export { consumerGroupLag, type ConsumerLag, type PartitionLag } from './consumer/consumer-lag';
export {
  DEFAULT_MAX_WAIT_TIME_MS,
  DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
  DEFAULT_SESSION_TIMEOUT_MS,
  type ConsumerNotice,
  type TopicPartition,
  type EventConsumer,
  type EventConsumerOptions,
} from './consumer/event-consumer';
