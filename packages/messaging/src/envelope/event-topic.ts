import { categoryOf } from '@ledger/event-store';

/** Where the events of each stream go: one topic per stream category, under one prefix. */
export interface EventTopics {
  ofCategory(category: string): string;
  ofStream(streamId: string): string;
}

// Kafka's own rule for topic names; the prefix is checked with it so a typo fails at boot,
// not on the first produce. 200 leaves room for `.<category>` within Kafka's 249 characters.
const topicPrefixPattern = /^[a-zA-Z0-9._-]{1,200}$/;

/** Validates a topic prefix (RELAY_TOPIC_PREFIX and the like), throwing with the reason. */
export function parseTopicPrefix(value: string): string {
  if (!topicPrefixPattern.test(value)) {
    throw new Error(`"${value}" is not a Kafka topic prefix (letters, digits, '.', '_', '-'; at most 200)`);
  }
  return value;
}

/**
 * One topic per stream category (`account-…` → `<prefix>.account`), so a consumer subscribes to
 * the aggregates it cares about and each category is partitioned on its own. The prefix is
 * `ledger` in every deployment; tests give each file its own so they share one broker safely.
 */
export function eventTopics(prefix = 'ledger'): EventTopics {
  parseTopicPrefix(prefix);
  const ofCategory = (category: string): string => `${prefix}.${category}`;
  return { ofCategory, ofStream: (streamId) => ofCategory(categoryOf(streamId)) };
}

const ledgerTopics = eventTopics();

export function topicOfCategory(category: string): string {
  return ledgerTopics.ofCategory(category);
}

export function topicOfStream(streamId: string): string {
  return ledgerTopics.ofStream(streamId);
}

/** Where poison events of one consumer group go, with their error (ARCHITECTURE.md). */
export function deadLetterTopicOf(consumerGroup: string): string {
  return `ledger.dead-letters.${consumerGroup}`;
}
