import { type TransferEvent } from '../../src/transfer/transfer.events';
import {
  completeTransfer,
  completed,
  creditRefused,
  debited,
  failTransfer,
  failed,
  fromAccountId,
  given,
  recordDebit,
  recordRefund,
  refuseCredit,
  requestTransfer,
  requested,
  reversed,
  transferId,
} from './transfer-fixtures';

describe('RequestTransfer', () => {
  it('records the terms, owners included', () => {
    given().when(requestTransfer()).then(requested());
  });

  it('refuses the same account on both sides', () => {
    given().when(requestTransfer({ toAccountId: fromAccountId })).thenError('SAME_ACCOUNT', { transferId });
  });

  it('refuses a transfer id that was used before, whatever became of it', () => {
    given(requested()).when(requestTransfer()).thenError('TRANSFER_ALREADY_EXISTS', { transferId });
    given(requested(), debited(), completed()).when(requestTransfer()).thenError('TRANSFER_ALREADY_EXISTS');
  });
});

describe('the debit', () => {
  it('accepted: the transfer is debited', () => {
    given(requested()).when(recordDebit()).then(debited());
  });

  it('refused: the transfer failed with the account code and nothing moved', () => {
    given(requested()).when(failTransfer('INSUFFICIENT_FUNDS')).then(failed('INSUFFICIENT_FUNDS'));
  });

  it('recorded twice changes nothing the second time', () => {
    given(requested(), debited()).when(recordDebit()).then();
    given(requested(), failed('ACCOUNT_FROZEN')).when(failTransfer('ACCOUNT_FROZEN')).then();
  });

  it('a debit cannot follow a failed transfer', () => {
    given(requested(), failed('ACCOUNT_FROZEN')).when(recordDebit()).thenError('TRANSFER_STEP_OUT_OF_ORDER', { step: 'RecordDebit', status: 'failed' });
  });
});

describe('the credit', () => {
  it('accepted: the transfer is completed', () => {
    given(requested(), debited()).when(completeTransfer()).then(completed());
  });

  it('refused: the credit is refused and the refund is due', () => {
    given(requested(), debited()).when(refuseCredit('ACCOUNT_CLOSED')).then(creditRefused('ACCOUNT_CLOSED'));
  });

  it('cannot come before the debit', () => {
    given(requested()).when(completeTransfer()).thenError('TRANSFER_STEP_OUT_OF_ORDER', { status: 'requested' });
    given(requested()).when(refuseCredit('ACCOUNT_CLOSED')).thenError('TRANSFER_STEP_OUT_OF_ORDER');
  });

  it('a late debit record after the credit changes nothing', () => {
    given(requested(), debited(), completed()).when(recordDebit()).then();
  });
});

describe('the refund', () => {
  it('reverses the transfer, keeping the credit refusal as its failure code', () => {
    given(requested(), debited(), creditRefused('CURRENCY_MISMATCH')).when(recordRefund()).then(reversed());
  });

  it('recorded twice changes nothing', () => {
    given(requested(), debited(), creditRefused('ACCOUNT_CLOSED'), reversed()).when(recordRefund()).then();
    given(requested(), debited(), creditRefused('ACCOUNT_CLOSED'), reversed()).when(refuseCredit('ACCOUNT_CLOSED')).then();
  });

  it('cannot reverse a completed transfer', () => {
    given(requested(), debited(), completed()).when(recordRefund()).thenError('TRANSFER_STEP_OUT_OF_ORDER', { status: 'completed' });
  });
});

describe('a step on a transfer never requested', () => {
  it.each([recordDebit(), failTransfer('ACCOUNT_FROZEN'), completeTransfer(), refuseCredit('ACCOUNT_CLOSED'), recordRefund()])('%j is TRANSFER_NOT_FOUND', (command) => {
    given().when(command).thenError('TRANSFER_NOT_FOUND', { transferId });
  });
});

describe('evolve', () => {
  it('refuses a history the decider never writes', () => {
    const histories: TransferEvent[][] = [[debited()], [requested(), completed()], [requested(), requested()], [requested(), failed('ACCOUNT_FROZEN'), debited()]];
    for (const history of histories) expect(() => given(...history).when(recordRefund())).toThrow('cannot follow');
  });
});
