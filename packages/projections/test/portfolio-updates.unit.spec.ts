import { accountStreamId } from '@ledger/domain';
import { portfolioUpdateOf } from '../src/accounts/customer-portfolio/portfolio-updates';

const accountId = '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b';
const ownerId = '0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d';
const at = new Date('2026-01-01T00:00:00Z');

/** The revision guard sits in each update's filter: a write either finds the account where it expects it, or writes nothing. */
describe('portfolioUpdateOf', () => {
  it('opens an account only where it does not exist yet, creating the owner\'s document if needed', () => {
    const update = portfolioUpdateOf(
      { streamId: accountStreamId(accountId), accountId, opened: { ownerId, currency: 'EUR', openedAt: at }, balanceMinor: 0n, status: 'open', firstRevision: 0n, revision: 0n, updatedAt: at },
      ownerId,
    );

    expect(update).toEqual({
      updateOne: {
        filter: { _id: ownerId, [`accounts.${accountId}`]: { $exists: false } },
        update: {
          $set: { ownerId, [`accounts.${accountId}`]: { accountId, currency: 'EUR', balanceMinor: '0', status: 'open', revision: 0 } },
          $max: { updatedAt: at },
        },
        upsert: true,
      },
    });
  });

  it('changes an existing account only from the revision before the batch, and only the fields that changed', () => {
    const update = portfolioUpdateOf(
      { streamId: accountStreamId(accountId), accountId, balanceMinor: 12_550n, firstRevision: 4n, revision: 6n, updatedAt: at },
      ownerId,
    );

    expect(update).toEqual({
      updateOne: {
        filter: { _id: ownerId, [`accounts.${accountId}.revision`]: 3 },
        update: { $set: { [`accounts.${accountId}.revision`]: 6, [`accounts.${accountId}.balanceMinor`]: '12550' }, $max: { updatedAt: at } },
      },
    });
  });
});
