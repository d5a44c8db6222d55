import { categoryOf } from '@ledger/event-store';

/**
 * One topic per stream category (`account-…` → `ledger.account`), so a consumer subscribes to
 * the aggregates it cares about and each category is partitioned on its own.
 */
export function topicOfCategory(category: string): string {
  return `ledger.${category}`;
}

export function topicOfStream(streamId: string): string {
  return topicOfCategory(categoryOf(streamId));
}

/** Where poison events of one consumer group go, with their error (ARCHITECTURE.md). */
export function deadLetterTopicOf(consumerGroup: string): string {
  return `ledger.dead-letters.${consumerGroup}`;
}
