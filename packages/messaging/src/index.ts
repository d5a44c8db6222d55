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
export { deadLetterTopicOf, topicOfCategory, topicOfStream } from './envelope/event-topic';
