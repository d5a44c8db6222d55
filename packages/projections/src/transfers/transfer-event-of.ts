import { decodeTransferEvent, transferStreamId, type TransferEvent } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';
import { PoisonEventError } from '../runtime/failures';

/**
 * The transfer event a stored event carries, checked against its stream: an event about another
 * transfer than its stream's would corrupt the guard, so it is refused (and dead-lettered).
 */
export function transferEventOf(recorded: RecordedEvent): TransferEvent {
  const event = decodeTransferEvent(recorded);
  if (recorded.streamId !== transferStreamId(event.transferId)) {
    throw new PoisonEventError(`${recorded.type} in stream ${recorded.streamId} is about transfer ${event.transferId}`);
  }
  return event;
}
