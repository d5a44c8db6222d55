import fc from 'fast-check';
import { decodeAccountEvent, encodeAccountEvent } from '../../src/account/account.event-codec';
import { accountEventRegistry, accountEventWireTypes } from '../../src/account/account.event-registry';
import { EventDecodeError } from '../../src/events/encoded-event';
import { upcasterTable } from '../../src/events/upcasters';
import { accountEvent } from '../arbitraries';
import { accountId, deposited, frozen, opened, ownerId } from '../fixtures';

describe('account event registry', () => {
  // Stored history depends on these exact names: this test fails if anyone renames one.
  it('pins every wire name and schema version', () => {
    expect(accountEventRegistry).toEqual({
      AccountOpened: { type: 'ledger.account.opened', schemaVersion: 1 },
      MoneyDeposited: { type: 'ledger.account.money-deposited', schemaVersion: 1 },
      MoneyWithdrawn: { type: 'ledger.account.money-withdrawn', schemaVersion: 1 },
      AccountFrozen: { type: 'ledger.account.frozen', schemaVersion: 1 },
      AccountUnfrozen: { type: 'ledger.account.unfrozen', schemaVersion: 1 },
      AccountClosed: { type: 'ledger.account.closed', schemaVersion: 1 },
    });
    expect(new Set(accountEventWireTypes).size).toBe(6);
  });
});

describe('account event codec', () => {
  it('writes JSON-safe data with amounts as strings of minor units', () => {
    expect(encodeAccountEvent(deposited('125.50', '200.00', 'salary'))).toEqual({
      type: 'ledger.account.money-deposited',
      schemaVersion: 1,
      data: { accountId, amountMinor: '12550', currency: 'EUR', balanceAfterMinor: '20000', reference: 'salary' },
    });
    expect(encodeAccountEvent(opened())).toEqual({
      type: 'ledger.account.opened',
      schemaVersion: 1,
      data: { accountId, ownerId, currency: 'EUR' },
    });
  });

  it('decode(encode(event)) is the event, also through JSON text', () => {
    fc.assert(
      fc.property(accountEvent, (event) => {
        const stored: unknown = JSON.parse(JSON.stringify(encodeAccountEvent(event)));
        expect(decodeAccountEvent(stored as ReturnType<typeof encodeAccountEvent>)).toEqual(event);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a wire name it never wrote', () => {
    expect(() => decodeAccountEvent({ type: 'ledger.account.renamed', schemaVersion: 1, data: {} })).toThrow(
      new EventDecodeError('ledger.account.renamed', 1, 'unknown event type'),
    );
  });

  it('refuses a schema version newer than this code', () => {
    expect(() => decodeAccountEvent({ ...encodeAccountEvent(opened()), schemaVersion: 2 })).toThrow(/reads up to v1/);
  });

  it('refuses an older version it has no upcaster for', () => {
    expect(() => decodeAccountEvent({ ...encodeAccountEvent(opened()), schemaVersion: 0 })).toThrow(
      /no upcaster from v0 to v1/,
    );
  });

  const valid = encodeAccountEvent(deposited('1.00', '1.00')).data;
  it.each<[string, unknown, RegExp]>([
    ['data that is not an object', null, /data is not an object/],
    ['a missing account id', { ...valid, accountId: undefined }, /"accountId" is not a string/],
    ['an account id that is not a UUID', { ...valid, accountId: 'acc-1' }, /"accountId".*not a UUID/],
    ['an amount with a decimal point', { ...valid, amountMinor: '1.00' }, /"amountMinor" is not a whole number/],
    ['an amount as a JSON number', { ...valid, amountMinor: 100 }, /"amountMinor" is not a string/],
    ['a zero amount', { ...valid, amountMinor: '0' }, /"amountMinor": the amount must be greater than zero/],
    ['a negative balance', { ...valid, balanceAfterMinor: '-1' }, /"balanceAfterMinor" is not a whole number/],
    ['an unknown currency', { ...valid, currency: 'XXX' }, /"currency".*not a supported/],
    ['a reference that is not a string', { ...valid, reference: 7 }, /"reference" is not a string/],
  ])('refuses %s, naming the event and field', (_case, data, message) => {
    const decode = () => decodeAccountEvent({ type: 'ledger.account.money-deposited', schemaVersion: 1, data });
    expect(decode).toThrow(EventDecodeError);
    expect(decode).toThrow(message);
    expect(decode).toThrow(/ledger\.account\.money-deposited v1/);
  });
});

describe('upcasters', () => {
  // A made-up v0 of AccountFrozen that called the reason "why": the shape an old stream might hold.
  const upcasters = upcasterTable([
    {
      type: 'ledger.account.frozen',
      fromVersion: 0,
      upcast: (data) => {
        const { why, ...rest } = data as { why: string };
        return { ...rest, reason: why };
      },
    },
  ]);

  it('reads an old shape through its upcaster', () => {
    const old = { type: 'ledger.account.frozen', schemaVersion: 0, data: { accountId, why: 'court order' } };
    expect(decodeAccountEvent(old, upcasters)).toEqual(frozen('court order'));
  });

  it('leaves the current version alone', () => {
    expect(decodeAccountEvent(encodeAccountEvent(frozen('audit')), upcasters)).toEqual(frozen('audit'));
  });

  it('refuses two upcasters for the same step', () => {
    const step = { type: 'ledger.account.frozen', fromVersion: 0, upcast: (data: unknown) => data };
    expect(() => upcasterTable([step, step])).toThrow(/two upcasters/);
  });
});
