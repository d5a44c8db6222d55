export { connectKafka, parseBrokerList, type KafkaConnectionOptions } from './kafka/kafka-connection';
export { probeKafka, type KafkaProbeResult } from './kafka/kafka-probe';
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
export { type ConsumerNotice, type EventConsumer, type EventConsumerOptions } from './consumer/event-consumer';
export {
  DEFAULT_MAX_WAIT_TIME_MS,
  DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY,
  DEFAULT_SESSION_TIMEOUT_MS,
  KafkaEventConsumer,
} from './kafka/kafka-event-consumer';
export { KafkaRecordProducer } from './kafka/kafka-record-producer';
