export { connectKafka, parseBrokerList, type KafkaConnectionOptions } from './kafka/kafka-connection';
export { probeKafka, type KafkaProbeResult } from './kafka/kafka-probe';
export {
  ensureTopics,
  singleBrokerReplication,
  type TopicReplication,
  type TopicSpec,
} from './kafka/topics';
