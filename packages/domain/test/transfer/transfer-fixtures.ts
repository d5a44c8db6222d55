import { type AccountErrorCode } from '../../src/account/account.errors';
import { parseAccountId, parseOwnerId } from '../../src/account/account.ids';
import { transferDecider } from '../../src/transfer/transfer.decide';
import { type TransferCommand } from '../../src/transfer/transfer.commands';
import { type TransferEvent } from '../../src/transfer/transfer.events';
import { parseTransferId } from '../../src/transfer/transfer.ids';
import { amount, must } from '../fixtures';
import { givenFor } from '../given-when-then';

export const transferId = must(parseTransferId('3c1d7a52-8e0b-4f6a-9d2c-5b4e3f2a1b0c'));
export const fromAccountId = must(parseAccountId('a1111111-1111-4111-8111-111111111111'));
export const toAccountId = must(parseAccountId('b2222222-2222-4222-8222-222222222222'));
export const fromOwnerId = must(parseOwnerId('alice'));
export const toOwnerId = must(parseOwnerId('bob'));

const terms = { transferId, fromAccountId, fromOwnerId, toAccountId, toOwnerId, amount: amount('25.00'), reference: 'rent' };

export const requestTransfer = (overrides: Partial<typeof terms> = {}): TransferCommand => ({ type: 'RequestTransfer', ...terms, ...overrides });
export const recordDebit = (): TransferCommand => ({ type: 'RecordDebit', transferId });
export const failTransfer = (failureCode: AccountErrorCode): TransferCommand => ({ type: 'FailTransfer', transferId, failureCode });
export const completeTransfer = (): TransferCommand => ({ type: 'CompleteTransfer', transferId });
export const refuseCredit = (failureCode: AccountErrorCode): TransferCommand => ({ type: 'RefuseCredit', transferId, failureCode });
export const recordRefund = (): TransferCommand => ({ type: 'RecordRefund', transferId });

export const requested = (): TransferEvent => ({ type: 'TransferRequested', ...terms });
export const debited = (): TransferEvent => ({ type: 'TransferDebited', transferId });
export const failed = (failureCode: AccountErrorCode): TransferEvent => ({ type: 'TransferFailed', transferId, failureCode });
export const completed = (): TransferEvent => ({ type: 'TransferCompleted', transferId });
export const creditRefused = (failureCode: AccountErrorCode): TransferEvent => ({ type: 'TransferCreditRefused', transferId, failureCode });
export const reversed = (): TransferEvent => ({ type: 'TransferReversed', transferId });

export const given = givenFor(transferDecider);
