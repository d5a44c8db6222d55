import { type EventTypeRegistration } from '../account/account.event-registry';
import { upcasterTable, type UpcasterTable } from '../events/upcasters';
import { type TransferEvent } from './transfer.events';

/** Wire names and schema versions of the transfer stream (see account.event-registry.ts). */
export const transferEventRegistry = {
  TransferRequested: { type: 'ledger.transfer.requested', schemaVersion: 1 },
  TransferDebited: { type: 'ledger.transfer.debited', schemaVersion: 1 },
  TransferFailed: { type: 'ledger.transfer.failed', schemaVersion: 1 },
  TransferCompleted: { type: 'ledger.transfer.completed', schemaVersion: 1 },
  TransferCreditRefused: { type: 'ledger.transfer.credit-refused', schemaVersion: 1 },
  TransferReversed: { type: 'ledger.transfer.reversed', schemaVersion: 1 },
} as const satisfies Record<TransferEvent['type'], EventTypeRegistration>;

export type TransferEventName = keyof typeof transferEventRegistry;

const namesByWireType: ReadonlyMap<string, TransferEventName> = new Map(
  Object.entries(transferEventRegistry).map(([name, entry]) => [entry.type, name as TransferEventName]),
);

export function transferEventNameOf(wireType: string): TransferEventName | undefined {
  return namesByWireType.get(wireType);
}

/** None yet: every transfer event is at version 1. */
export const transferEventUpcasters: UpcasterTable = upcasterTable([]);
