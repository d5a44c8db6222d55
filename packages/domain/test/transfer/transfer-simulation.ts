import { accountDecider } from '../../src/account/account.decide';
import { type AccountCommand } from '../../src/account/account.commands';
import { type AccountEvent } from '../../src/account/account.events';
import { type AccountId } from '../../src/account/account.ids';
import { type AccountState } from '../../src/account/account.state';
import { transferDecider } from '../../src/transfer/transfer.decide';
import { type RequestTransfer, type TransferCommand } from '../../src/transfer/transfer.commands';
import { type TransferEvent } from '../../src/transfer/transfer.events';
import { type TransferId } from '../../src/transfer/transfer.ids';
import { nextLeg } from '../../src/transfer/transfer.process';
import { type TransferState } from '../../src/transfer/transfer.state';

type LegAnswer = { readonly kind: 'accepted' } | { readonly kind: 'refused'; readonly code: string };

/**
 * The process manager's loop over the real deciders, with the store as maps: every stream an
 * event list, every idempotency key its first answer. `step` can stop ("crash") between sending
 * a leg and recording its answer, as a SIGKILL would; the next step resumes from the streams.
 */
export class TransferSimulation {
  readonly accounts = new Map<AccountId, AccountEvent[]>();
  readonly transfers = new Map<TransferId, TransferEvent[]>();
  private readonly answers = new Map<string, LegAnswer>();

  account(accountId: AccountId): AccountState {
    return (this.accounts.get(accountId) ?? []).reduce(accountDecider.evolve, accountDecider.initialState);
  }

  transfer(transferId: TransferId): TransferState {
    return (this.transfers.get(transferId) ?? []).reduce(transferDecider.evolve, transferDecider.initialState);
  }

  /** A command from outside (a client): decided and appended, or refused. */
  runAccount(command: AccountCommand): boolean {
    const decision = accountDecider.decide(command, this.account(command.accountId));
    if (decision.ok) this.accounts.set(command.accountId, [...(this.accounts.get(command.accountId) ?? []), ...decision.events]);
    return decision.ok;
  }

  request(command: RequestTransfer): boolean {
    return this.runTransfer(command);
  }

  /** One step of the process manager for a transfer; `crashAfterSend` stops before recording. */
  step(transferId: TransferId, crashAfterSend: boolean): void {
    const leg = nextLeg(this.transfer(transferId));
    if (leg === undefined) return;
    const answer = this.answers.get(leg.idempotencyKey) ?? this.send(leg.accountCommand);
    this.answers.set(leg.idempotencyKey, answer);
    if (crashAfterSend) return;
    const recorded = answer.kind === 'accepted' ? leg.onAccepted : leg.onRefused?.(answer.code as never);
    if (recorded !== undefined && !this.runTransfer(recorded)) throw new Error(`step ${recorded.type} refused on ${this.transfer(transferId).status}`);
  }

  private send(command: AccountCommand): LegAnswer {
    const decision = accountDecider.decide(command, this.account(command.accountId));
    if (!decision.ok) return { kind: 'refused', code: decision.error.code };
    this.accounts.set(command.accountId, [...(this.accounts.get(command.accountId) ?? []), ...decision.events]);
    return { kind: 'accepted' };
  }

  private runTransfer(command: TransferCommand): boolean {
    const decision = transferDecider.decide(command, this.transfer(command.transferId));
    if (decision.ok) this.transfers.set(command.transferId, [...(this.transfers.get(command.transferId) ?? []), ...decision.events]);
    return decision.ok;
  }
}
