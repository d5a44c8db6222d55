import { type KafkaRecord } from '@ledger/messaging';
import { type DeadLettered } from './batch-attempt';

/**
 * The dead-letter topic's copy of a dead letter: the original bytes and headers, plus why it is
 * there, so consumers of that topic need not read the projector's table.
 */
export function deadLetterRecordOf(topic: string, { id, letter }: DeadLettered): KafkaRecord {
  const { record } = letter;
  return {
    topic,
    key: letter.streamId ?? record.key ?? '',
    value: record.value ?? Buffer.alloc(0),
    headers: {
      ...record.headers,
      'ledger-dead-letter-id': String(id),
      'ledger-dead-letter-projection': letter.projection,
      'ledger-dead-letter-error': letter.error ?? '',
      'ledger-dead-letter-attempts': String(letter.attempts),
      'ledger-dead-letter-source': `${record.topic}/${record.partition ?? '-'}/${record.offset ?? '-'}`,
    },
  };
}
