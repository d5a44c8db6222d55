import { upcasterTable, type UpcasterTable } from '../events/upcasters';
import { type AccountEvent } from './account.events';

/** How one event type is named and versioned in storage and on Kafka. */
export interface EventTypeRegistration {
  /** The stored name. Never renamed: history outlives the TypeScript type names. */
  readonly type: string;
  /** The version new events are written with; older stored versions need upcasters. */
  readonly schemaVersion: number;
}

/**
 * The one place wire names and schema versions live. Changing an event's shape means bumping
 * its version here and adding an upcaster from the old version below, with a test that reads
 * the old shape.
 */
export const accountEventRegistry = {
  AccountOpened: { type: 'ledger.account.opened', schemaVersion: 1 },
  MoneyDeposited: { type: 'ledger.account.money-deposited', schemaVersion: 1 },
  MoneyWithdrawn: { type: 'ledger.account.money-withdrawn', schemaVersion: 1 },
  AccountFrozen: { type: 'ledger.account.frozen', schemaVersion: 1 },
  AccountUnfrozen: { type: 'ledger.account.unfrozen', schemaVersion: 1 },
  AccountClosed: { type: 'ledger.account.closed', schemaVersion: 1 },
} as const satisfies Record<AccountEvent['type'], EventTypeRegistration>;

export type AccountEventName = keyof typeof accountEventRegistry;

/** Every wire name of the account stream, e.g. for a projection's subscription filter. */
export const accountEventWireTypes: readonly string[] = Object.values(accountEventRegistry).map((entry) => entry.type);

const namesByWireType: ReadonlyMap<string, AccountEventName> = new Map(
  Object.entries(accountEventRegistry).map(([name, entry]) => [entry.type, name as AccountEventName]),
);

/** The event name for a stored wire name, or undefined for a name this aggregate never wrote. */
export function accountEventNameOf(wireType: string): AccountEventName | undefined {
  return namesByWireType.get(wireType);
}

/** Upcasters for stored account events; none yet, as every event is still at version 1. */
export const accountEventUpcasters: UpcasterTable = upcasterTable([]);
