import { type KafkaRecord } from '@ledger/messaging';

/** Sends dead-lettered records to their dead-letter topic; resolves once they are durable. */
export interface DeadLetterPublisher {
  send(records: readonly KafkaRecord[]): Promise<void>;
}
