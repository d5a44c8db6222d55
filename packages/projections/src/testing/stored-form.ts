import {
  accountStreamId,
  encodeAccountEvent,
  encodeTransferEvent,
  transferEventRegistry,
  transferStreamId,
  type AccountEvent,
  type TransferEvent,
} from '@ledger/domain';
import { type NewEvent } from '@ledger/event-store';

/** Any event of the ledger's aggregates, as tests append them. */
export type LedgerEvent = AccountEvent | TransferEvent;

function isTransferEvent(event: LedgerEvent): event is TransferEvent {
  return event.type in transferEventRegistry;
}

/** The stream an event belongs to and its stored form (wire type, schema version, data), as the command side appends it. */
export function storedFormOf(event: LedgerEvent): { streamId: string } & Pick<NewEvent, 'type' | 'schemaVersion' | 'data'> {
  const [streamId, encoded] = isTransferEvent(event)
    ? [transferStreamId(event.transferId), encodeTransferEvent(event)]
    : [accountStreamId(event.accountId), encodeAccountEvent(event)];
  // The domain's JSON type is read-only; the store's is not: same values.
  return { streamId, type: encoded.type, schemaVersion: encoded.schemaVersion, data: encoded.data as NewEvent['data'] };
}
