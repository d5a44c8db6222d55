import { randomUUID } from 'node:crypto';
import { type AccountErrorCode } from '../account/account.errors';
import { type AccountEvent } from '../account/account.events';
import { moneyOf, positiveMoneyOf, type PositiveMoney } from '../money/money';
import { type TransferEvent } from '../transfer/transfer.events';
import { parseTransferId, transferStreamId, type TransferId } from '../transfer/transfer.ids';
import { type AccountFixture } from './account-fixture';
import { must } from './must';

/**
 * One transfer between two accounts: its own events, and the account movements made for it
 * (each carrying the transfer's id), built with the domain's constructors (amounts in minor
 * units). Each fixture is a fresh transfer unless told its id, so every test owns its streams.
 */
export class TransferFixture {
  readonly transferId: TransferId;
  readonly streamId: string;
  readonly amount: PositiveMoney;

  constructor(
    readonly from: AccountFixture,
    readonly to: AccountFixture,
    amountMinor = 2_500n,
    readonly reference?: string,
    transferId: string = randomUUID(),
  ) {
    this.transferId = must(parseTransferId(transferId));
    this.streamId = transferStreamId(this.transferId);
    this.amount = must(positiveMoneyOf(amountMinor, from.currency));
  }

  requested(): TransferEvent {
    const { from, to, reference } = this;
    return {
      type: 'TransferRequested',
      transferId: this.transferId,
      fromAccountId: from.accountId,
      fromOwnerId: from.ownerId,
      toAccountId: to.accountId,
      toOwnerId: to.ownerId,
      amount: this.amount,
      ...(reference === undefined ? {} : { reference }),
    };
  }

  debited(): TransferEvent {
    return { type: 'TransferDebited', transferId: this.transferId };
  }

  failed(failureCode: AccountErrorCode): TransferEvent {
    return { type: 'TransferFailed', transferId: this.transferId, failureCode };
  }

  completed(): TransferEvent {
    return { type: 'TransferCompleted', transferId: this.transferId };
  }

  creditRefused(failureCode: AccountErrorCode): TransferEvent {
    return { type: 'TransferCreditRefused', transferId: this.transferId, failureCode };
  }

  reversed(): TransferEvent {
    return { type: 'TransferReversed', transferId: this.transferId };
  }

  /** The source account's withdrawal for the transfer. */
  debit(balanceAfterMinor: bigint): AccountEvent {
    return { type: 'MoneyWithdrawn', ...this.movement(this.from, balanceAfterMinor) };
  }

  /** The destination account's deposit for the transfer. */
  credit(balanceAfterMinor: bigint): AccountEvent {
    return { type: 'MoneyDeposited', ...this.movement(this.to, balanceAfterMinor) };
  }

  /** The source account taking the money back after the credit was refused. */
  refund(balanceAfterMinor: bigint): AccountEvent {
    return { type: 'MoneyDeposited', ...this.movement(this.from, balanceAfterMinor) };
  }

  private movement(account: AccountFixture, balanceAfterMinor: bigint) {
    const { reference } = this;
    return {
      accountId: account.accountId,
      amount: this.amount,
      balanceAfter: must(moneyOf(balanceAfterMinor, account.currency)),
      transferId: this.transferId,
      ...(reference === undefined ? {} : { reference }),
    };
  }
}
