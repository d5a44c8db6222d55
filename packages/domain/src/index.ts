export { accept, reject, type Decider, type Decision } from './decider';
export { err, ok, type Result } from './result';
export { assertNever } from './assert-never';

export { minorDigits, parseCurrency, supportedCurrencies, type Currency, type CurrencyError } from './money/currency';
export {
  addMoney,
  MAX_AMOUNT_MINOR,
  moneyOf,
  positiveMoneyOf,
  subtractMoney,
  zeroMoney,
  type Money,
  type MoneyError,
  type PositiveMoney,
} from './money/money';
export { parseMoney, type ParseMoneyOptions } from './money/parse-money';
export { formatMinorUnits, formatMoney } from './money/format-money';

export {
  accountIdOfStream,
  accountStreamId,
  OWNER_ID_PATTERN,
  parseAccountId,
  parseOwnerId,
  type AccountId,
  type IdError,
  type OwnerId,
} from './account/account.ids';
export type * from './account/account.commands';
export type * from './account/account.events';
export type * from './account/account.errors';
export { accountErrorCodes, accountNotFound, currencyMismatch } from './account/account.errors';
export {
  evolve,
  initialState,
  InvalidHistoryError,
  type AccountState,
  type Closed,
  type Frozen,
  type NotOpened,
  type Open,
} from './account/account.state';
export {
  accountDecider,
  closeAccount,
  decide,
  depositMoney,
  freezeAccount,
  openAccount,
  unfreezeAccount,
  withdrawMoney,
  type AccountDecision,
} from './account/account.decide';
export {
  accountEventNameOf,
  accountEventRegistry,
  accountEventUpcasters,
  accountEventWireTypes,
  type AccountEventName,
  type EventTypeRegistration,
} from './account/account.event-registry';
export { decodeAccountEvent, encodeAccountEvent } from './account/account.event-codec';
export {
  ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
  AccountSnapshotDecodeError,
  accountStateFromSnapshot,
  accountStateToSnapshot,
} from './account/account.snapshot';

export {
  EventDecodeError,
  type EncodedEvent,
  type JsonObject,
  type JsonValue,
  type StoredEventData,
} from './events/encoded-event';
export { upcasterTable, upcastToCurrent, type Upcaster, type UpcasterStep, type UpcasterTable } from './events/upcasters';

export { parseTransferId, transferIdOfStream, transferStreamId, type TransferId } from './transfer/transfer.ids';
export type * from './transfer/transfer.commands';
export type * from './transfer/transfer.events';
export type * from './transfer/transfer.errors';
export { transferErrorCodes, transferNotFound } from './transfer/transfer.errors';
export {
  evolveTransfer,
  initialTransferState,
  isFinal,
  type Completed,
  type CreditRefused,
  type Debited,
  type Failed,
  type FinalTransferStatus,
  type NotRequested,
  type Requested,
  type Reversed,
  type TransferState,
} from './transfer/transfer.state';
export { decideTransfer, recordStep, requestTransfer, transferDecider, type TransferDecision } from './transfer/transfer.decide';
export { transferEventNameOf, transferEventRegistry, transferEventUpcasters, type TransferEventName } from './transfer/transfer.event-registry';
export { decodeTransferEvent, encodeTransferEvent } from './transfer/transfer.event-codec';
export { legIdempotencyKey, nextLeg, type NextLeg, type TransferLeg } from './transfer/transfer.process';
