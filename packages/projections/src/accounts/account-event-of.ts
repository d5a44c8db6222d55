import { accountStreamId, decodeAccountEvent, type AccountEvent } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { PoisonEventError } from '../runtime/failures';

/**
 * The account event a stored event carries, checked against its stream: an event about another
 * account than its stream's would corrupt the guard, so it is refused (and dead-lettered).
 */
export function accountEventOf(recorded: RecordedEvent): AccountEvent {
  const event = decodeAccountEvent(recorded);
  if (recorded.streamId !== accountStreamId(event.accountId)) {
    throw new PoisonEventError(`${recorded.type} in stream ${recorded.streamId} is about account ${event.accountId}`);
  }
  return event;
}
