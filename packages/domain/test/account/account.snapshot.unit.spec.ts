import fc from 'fast-check';
import { type AccountCommand } from '../../src/account/account.commands';
import { decide } from '../../src/account/account.decide';
import {
  ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
  AccountSnapshotDecodeError,
  accountStateFromSnapshot,
  accountStateToSnapshot,
} from '../../src/account/account.snapshot';
import { evolve, initialState, type AccountState } from '../../src/account/account.state';
import { accountCommands } from '../arbitraries';
import { accountId, balance, EUR, JPY, ownerId } from '../fixtures';

// What a snapshot goes through on its way to the store and back: JSON text.
const throughJson = (state: AccountState): unknown => JSON.parse(JSON.stringify(accountStateToSnapshot(state)));

// Every state the command side passes through, command after command.
function statesOf(commands: readonly AccountCommand[]): AccountState[] {
  const states: AccountState[] = [initialState];
  let state = initialState;
  for (const command of commands) {
    const decision = decide(command, state);
    if (!decision.ok) continue;
    state = decision.events.reduce(evolve, state);
    states.push(state);
  }
  return states;
}

const open: AccountState = { status: 'open', accountId, ownerId, balance: balance('125.50') };
const frozen: AccountState = { status: 'frozen', accountId, ownerId, balance: balance('7', JPY), reason: 'court order' };
const closed: AccountState = { status: 'closed', accountId, ownerId, currency: EUR };

describe('account snapshot codec', () => {
  it('is schema version 1', () => {
    expect(ACCOUNT_SNAPSHOT_SCHEMA_VERSION).toBe(1);
  });

  it('writes the balance as a string of minor units', () => {
    expect(accountStateToSnapshot(open)).toEqual({ status: 'open', accountId, ownerId, currency: 'EUR', balanceMinor: '12550' });
    expect(accountStateToSnapshot(closed)).toEqual({ status: 'closed', accountId, ownerId, currency: 'EUR' });
  });

  it.each<[string, AccountState]>([
    ['not opened', initialState],
    ['open', open],
    ['frozen', frozen],
    ['closed', closed],
  ])('reads back a %s account unchanged', (_status, state) => {
    expect(accountStateFromSnapshot(throughJson(state))).toEqual(state);
  });

  it('reads back every state any history of the decider reaches', () => {
    fc.assert(
      fc.property(accountCommands, (commands) => {
        for (const state of statesOf(commands)) expect(accountStateFromSnapshot(throughJson(state))).toEqual(state);
      }),
      { numRuns: 300 },
    );
  });

  const valid = accountStateToSnapshot(frozen);
  it.each<[string, unknown, RegExp]>([
    ['a snapshot that is not an object', null, /is not an object/],
    ['an array', [valid], /is not an object/],
    ['a missing status', { ...valid, status: undefined }, /"status" is not a string/],
    ['an unknown status', { ...valid, status: 'suspended' }, /"status": unknown status "suspended"/],
    ['an account id that is not a UUID', { ...valid, accountId: 'acc-1' }, /"accountId".*not a UUID/],
    ['a missing owner id', { ...valid, ownerId: undefined }, /"ownerId" is not a string/],
    ['a balance as a JSON number', { ...valid, balanceMinor: 7 }, /"balanceMinor" is not a string/],
    ['a negative balance', { ...valid, balanceMinor: '-1' }, /"balanceMinor" is not a whole number/],
    ['a balance with a decimal point', { ...valid, balanceMinor: '1.5' }, /"balanceMinor" is not a whole number/],
    ['a balance above the maximum', { ...valid, balanceMinor: '1'.padEnd(20, '0') }, /"balanceMinor": the amount is too large/],
    ['an unknown currency', { ...valid, currency: 'XXX' }, /"currency".*not a supported/],
    ['a frozen account without a reason', { ...valid, reason: undefined }, /"reason" is not a string/],
    ['a closed account without a currency', { ...accountStateToSnapshot(closed), currency: undefined }, /"currency" is not a string/],
  ])('refuses %s, naming the field', (_case, json, message) => {
    const read = () => accountStateFromSnapshot(json);
    expect(read).toThrow(AccountSnapshotDecodeError);
    expect(read).toThrow(message);
    expect(read).toThrow(/account snapshot v1/);
  });
});
