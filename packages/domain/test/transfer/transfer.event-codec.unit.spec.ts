import { decodeAccountEvent, encodeAccountEvent } from '../../src/account/account.event-codec';
import { type AccountEvent } from '../../src/account/account.events';
import { EventDecodeError } from '../../src/events/encoded-event';
import { decodeTransferEvent, encodeTransferEvent } from '../../src/transfer/transfer.event-codec';
import { transferEventRegistry } from '../../src/transfer/transfer.event-registry';
import { type TransferEvent } from '../../src/transfer/transfer.events';
import { accountId, amount, balance } from '../fixtures';
import { completed, creditRefused, debited, failed, requested, reversed, transferId } from './transfer-fixtures';

const throughJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('transfer event registry', () => {
  // Stored history depends on these exact names: this test fails if anyone renames one.
  it('pins every wire name and schema version', () => {
    expect(transferEventRegistry).toEqual({
      TransferRequested: { type: 'ledger.transfer.requested', schemaVersion: 1 },
      TransferDebited: { type: 'ledger.transfer.debited', schemaVersion: 1 },
      TransferFailed: { type: 'ledger.transfer.failed', schemaVersion: 1 },
      TransferCompleted: { type: 'ledger.transfer.completed', schemaVersion: 1 },
      TransferCreditRefused: { type: 'ledger.transfer.credit-refused', schemaVersion: 1 },
      TransferReversed: { type: 'ledger.transfer.reversed', schemaVersion: 1 },
    });
  });
});

describe('transfer event codec', () => {
  const events: TransferEvent[] = [requested(), debited(), failed('INSUFFICIENT_FUNDS'), completed(), creditRefused('ACCOUNT_CLOSED'), reversed()];

  it.each(events.map((event) => [event.type, event] as const))('%s survives encode, JSON text and decode', (_, event) => {
    expect(decodeTransferEvent(throughJson(encodeTransferEvent(event)))).toEqual(event);
  });

  it('stores the amount as minor units and the owners of both accounts', () => {
    expect(encodeTransferEvent(requested()).data).toMatchObject({ amountMinor: '2500', currency: 'EUR', fromOwnerId: 'alice', toOwnerId: 'bob', reference: 'rent' });
  });

  it('refuses a failure code that no account ever answers with', () => {
    const stored = { ...encodeTransferEvent(failed('ACCOUNT_FROZEN')), data: { transferId, failureCode: 'OOPS' } };
    expect(() => decodeTransferEvent(stored)).toThrow(EventDecodeError);
  });

  it('refuses a zero amount and a transfer id that is no UUID', () => {
    const { data, ...rest } = encodeTransferEvent(requested());
    expect(() => decodeTransferEvent({ ...rest, data: { ...data, amountMinor: '0' } })).toThrow(/amountMinor/);
    expect(() => decodeTransferEvent({ ...rest, data: { ...data, transferId: 'x' } })).toThrow(/transferId/);
  });
});

describe('account movements of a transfer', () => {
  const debit: AccountEvent = { type: 'MoneyWithdrawn', accountId, amount: amount('25.00'), balanceAfter: balance('75.00'), transferId };

  it('carry the transfer id through storage', () => {
    expect(encodeAccountEvent(debit).data).toMatchObject({ transferId });
    expect(decodeAccountEvent(throughJson(encodeAccountEvent(debit)))).toEqual(debit);
  });

  it('refuse a stored transfer id that is no UUID', () => {
    const stored = encodeAccountEvent(debit);
    expect(() => decodeAccountEvent({ ...stored, data: { ...stored.data, transferId: 'not-a-uuid' } })).toThrow(/transferId/);
  });
});
