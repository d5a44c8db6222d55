import { accountErrorCodes } from '@ledger/domain';
import { DomainErrorException, problemFor } from '@ledger/platform';
import { commandErrorStatuses } from './command-error-statuses';

describe('the command API status table', () => {
  it.each(accountErrorCodes)('gives %s a status of its own, not the fallback', (code) => {
    expect(Object.keys(commandErrorStatuses)).toContain(code);
  });

  it.each(accountErrorCodes)('answers %s with the status the table gives it', (code) => {
    const problem = problemFor(new DomainErrorException({ code, message: 'refused' }), commandErrorStatuses);

    expect(problem).toMatchObject({ status: commandErrorStatuses[code], code });
  });
});
