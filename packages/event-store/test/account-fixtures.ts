import { randomUUID } from 'node:crypto';
import {
  accountStreamId,
  decodeAccountEvent,
  encodeAccountEvent,
  parseAccountId,
  parseCurrency,
  parseMoney,
  parseOwnerId,
  type AccountCommand,
  type AccountEvent,
} from '@ledger/domain';
import { must } from '@ledger/domain/testing';
import { type EventCodec, type JsonValue } from '../src';

/** The account decider's events to and from the store, as the command API maps them. */
export const accountCodec: EventCodec<AccountEvent> = {
  // The domain's JSON types are readonly; the store only serialises them.
  encode: (event) => encodeAccountEvent(event) as { type: string; schemaVersion: number; data: JsonValue },
  decode: (recorded) => decodeAccountEvent(recorded),
};

export const EUR = must(parseCurrency('EUR'));

export const newAccount = () => {
  const accountId = must(parseAccountId(randomUUID()));
  return { accountId, streamId: accountStreamId(accountId) };
};

export const open = (accountId: AccountCommand['accountId']): AccountCommand => ({ type: 'OpenAccount', accountId, ownerId: must(parseOwnerId(randomUUID())), currency: EUR });
export const deposit = (accountId: AccountCommand['accountId'], amount: string): AccountCommand => ({ type: 'DepositMoney', accountId, amount: must(parseMoney(amount, EUR)) });
export const withdraw = (accountId: AccountCommand['accountId'], amount: string): AccountCommand => ({ type: 'WithdrawMoney', accountId, amount: must(parseMoney(amount, EUR)) });
