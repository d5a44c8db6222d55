import { decodeAccountEvent, decodeTransferEvent, encodeAccountEvent, encodeTransferEvent, type AccountEvent, type TransferEvent } from '@ledger/domain';
import { type EventCodec, type JsonValue } from '@ledger/event-store';

// The domain's JSON types are readonly views of the same values the store writes.
type Stored = { type: string; schemaVersion: number; data: JsonValue };

export const accountCodec: EventCodec<AccountEvent> = { encode: (event) => encodeAccountEvent(event) as Stored, decode: decodeAccountEvent };
export const transferCodec: EventCodec<TransferEvent> = { encode: (event) => encodeTransferEvent(event) as Stored, decode: decodeTransferEvent };
