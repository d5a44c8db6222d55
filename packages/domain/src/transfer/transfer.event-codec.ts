import { assertNever } from '../assert-never';
import { accountErrorCodes, type AccountErrorCode } from '../account/account.errors';
import { parseAccountId, parseOwnerId } from '../account/account.ids';
import { EventDecodeError, InvalidFieldError, type EncodedEvent, type JsonObject, type StoredEventData } from '../events/encoded-event';
import { asRecord, readMinorUnits, readOptionalString, readString, required } from '../events/read-fields';
import { upcastToCurrent, type UpcasterTable } from '../events/upcasters';
import { parseCurrency } from '../money/currency';
import { positiveMoneyOf } from '../money/money';
import { transferEventNameOf, transferEventRegistry, transferEventUpcasters, type TransferEventName } from './transfer.event-registry';
import { type TransferEvent } from './transfer.events';
import { parseTransferId } from './transfer.ids';

type Fields = Readonly<Record<string, unknown>>;

/** The stored form of a transfer event; amounts in minor units as strings, as for accounts. */
export function encodeTransferEvent(event: TransferEvent): EncodedEvent {
  const { type, schemaVersion } = transferEventRegistry[event.type];
  return { type, schemaVersion, data: dataOf(event) };
}

function dataOf(event: TransferEvent): JsonObject {
  switch (event.type) {
    case 'TransferRequested':
      return {
        transferId: event.transferId,
        fromAccountId: event.fromAccountId,
        fromOwnerId: event.fromOwnerId,
        toAccountId: event.toAccountId,
        toOwnerId: event.toOwnerId,
        amountMinor: event.amount.amountMinor.toString(),
        currency: event.amount.currency,
        ...(event.reference === undefined ? {} : { reference: event.reference }),
      };
    case 'TransferFailed':
    case 'TransferCreditRefused':
      return { transferId: event.transferId, failureCode: event.failureCode };
    case 'TransferDebited':
    case 'TransferCompleted':
    case 'TransferReversed':
      return { transferId: event.transferId };
    default:
      return assertNever(event);
  }
}

/** Reads a stored transfer event back, validating every field; throws `EventDecodeError`. */
export function decodeTransferEvent(stored: StoredEventData, upcasters: UpcasterTable = transferEventUpcasters): TransferEvent {
  const name = transferEventNameOf(stored.type);
  if (name === undefined) throw new EventDecodeError(stored.type, stored.schemaVersion, 'unknown event type');
  const data = upcastToCurrent(stored, transferEventRegistry[name].schemaVersion, upcasters);
  try {
    return eventOf(name, asRecord(data));
  } catch (error) {
    if (error instanceof InvalidFieldError) throw new EventDecodeError(stored.type, stored.schemaVersion, error.message);
    throw error;
  }
}

function eventOf(name: TransferEventName, fields: Fields): TransferEvent {
  const transferId = required('transferId', parseTransferId(readString(fields, 'transferId')));
  switch (name) {
    case 'TransferRequested': {
      const currency = required('currency', parseCurrency(readString(fields, 'currency')));
      const reference = readOptionalString(fields, 'reference');
      return {
        type: name,
        transferId,
        fromAccountId: required('fromAccountId', parseAccountId(readString(fields, 'fromAccountId'))),
        fromOwnerId: required('fromOwnerId', parseOwnerId(readString(fields, 'fromOwnerId'))),
        toAccountId: required('toAccountId', parseAccountId(readString(fields, 'toAccountId'))),
        toOwnerId: required('toOwnerId', parseOwnerId(readString(fields, 'toOwnerId'))),
        amount: required('amountMinor', positiveMoneyOf(readMinorUnits(fields, 'amountMinor'), currency)),
        ...(reference === undefined ? {} : { reference }),
      };
    }
    case 'TransferFailed':
    case 'TransferCreditRefused':
      return { type: name, transferId, failureCode: readFailureCode(fields) };
    case 'TransferDebited':
    case 'TransferCompleted':
    case 'TransferReversed':
      return { type: name, transferId };
    default:
      return assertNever(name);
  }
}

function readFailureCode(fields: Fields): AccountErrorCode {
  const code = readString(fields, 'failureCode');
  if (!(accountErrorCodes as readonly string[]).includes(code)) throw new InvalidFieldError(`"failureCode": ${code} is not an account error code`);
  return code as AccountErrorCode;
}
