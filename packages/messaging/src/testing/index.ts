export { deleteTopics, readTopic, topicsWithPrefix, type ConsumedEvent, type ReadTopicOptions } from './read-topic';
export { connectTestKafka } from './test-kafka';
