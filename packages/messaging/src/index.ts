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
