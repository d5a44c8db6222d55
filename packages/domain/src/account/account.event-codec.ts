import { assertNever } from '../assert-never';
import { EventDecodeError, InvalidFieldError, type EncodedEvent, type JsonObject, type StoredEventData } from '../events/encoded-event';
import { asRecord, readMinorUnits, readOptionalString, readString, required } from '../events/read-fields';
import { upcastToCurrent, type UpcasterTable } from '../events/upcasters';
import { parseCurrency } from '../money/currency';
import { moneyOf, positiveMoneyOf } from '../money/money';
import { accountEventNameOf, accountEventRegistry, accountEventUpcasters, type AccountEventName } from './account.event-registry';
import { type AccountEvent, type MoneyDeposited, type MoneyWithdrawn } from './account.events';
import { parseTransferId } from '../transfer/transfer.ids';
import { parseAccountId, parseOwnerId } from './account.ids';

type Fields = Readonly<Record<string, unknown>>;

/**
 * The stored form of an account event at its current schema version: registered wire name,
 * and data with amounts as strings of minor units (`"12550"`), since JSON has no bigint.
 */
export function encodeAccountEvent(event: AccountEvent): EncodedEvent {
  const { type, schemaVersion } = accountEventRegistry[event.type];
  return { type, schemaVersion, data: dataOf(event) };
}

function dataOf(event: AccountEvent): JsonObject {
  switch (event.type) {
    case 'AccountOpened':
      return { accountId: event.accountId, ownerId: event.ownerId, currency: event.currency };
    case 'MoneyDeposited':
    case 'MoneyWithdrawn':
      return movementData(event);
    case 'AccountFrozen':
      return { accountId: event.accountId, reason: event.reason };
    case 'AccountUnfrozen':
    case 'AccountClosed':
      return { accountId: event.accountId };
    default:
      return assertNever(event);
  }
}

function movementData(event: MoneyDeposited | MoneyWithdrawn): JsonObject {
  return {
    accountId: event.accountId,
    amountMinor: event.amount.amountMinor.toString(),
    currency: event.amount.currency,
    balanceAfterMinor: event.balanceAfter.amountMinor.toString(),
    ...(event.reference === undefined ? {} : { reference: event.reference }),
    ...(event.transferId === undefined ? {} : { transferId: event.transferId }),
  };
}

/**
 * Reads a stored account event back: upcasts older schema versions to the current one, then
 * validates every field through the same smart constructors commands use. Throws
 * `EventDecodeError` (naming type, version and field) for an unknown wire name, a version it
 * cannot read, or malformed data: a projection must stop or dead-letter, never guess.
 */
export function decodeAccountEvent(stored: StoredEventData, upcasters: UpcasterTable = accountEventUpcasters): AccountEvent {
  const name = accountEventNameOf(stored.type);
  if (name === undefined) throw new EventDecodeError(stored.type, stored.schemaVersion, 'unknown event type');
  const data = upcastToCurrent(stored, accountEventRegistry[name].schemaVersion, upcasters);
  try {
    return eventOf(name, asRecord(data));
  } catch (error) {
    if (error instanceof InvalidFieldError) throw new EventDecodeError(stored.type, stored.schemaVersion, error.message);
    throw error;
  }
}

function eventOf(name: AccountEventName, fields: Fields): AccountEvent {
  const accountId = required('accountId', parseAccountId(readString(fields, 'accountId')));
  switch (name) {
    case 'AccountOpened': {
      const ownerId = required('ownerId', parseOwnerId(readString(fields, 'ownerId')));
      const currency = required('currency', parseCurrency(readString(fields, 'currency')));
      return { type: name, accountId, ownerId, currency };
    }
    case 'MoneyDeposited':
    case 'MoneyWithdrawn':
      return { type: name, accountId, ...movementOf(fields) };
    case 'AccountFrozen':
      return { type: name, accountId, reason: readString(fields, 'reason') };
    case 'AccountUnfrozen':
    case 'AccountClosed':
      return { type: name, accountId };
    default:
      return assertNever(name);
  }
}

function movementOf(fields: Fields): Omit<MoneyDeposited, 'type' | 'accountId'> {
  const currency = required('currency', parseCurrency(readString(fields, 'currency')));
  const amount = required('amountMinor', positiveMoneyOf(readMinorUnits(fields, 'amountMinor'), currency));
  const balanceAfter = required('balanceAfterMinor', moneyOf(readMinorUnits(fields, 'balanceAfterMinor'), currency));
  const reference = readOptionalString(fields, 'reference');
  const transferText = readOptionalString(fields, 'transferId');
  const transferId = transferText === undefined ? undefined : required('transferId', parseTransferId(transferText));
  return { amount, balanceAfter, ...(reference === undefined ? {} : { reference }), ...(transferId === undefined ? {} : { transferId }) };
}
