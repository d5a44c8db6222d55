import { AccountFixture } from '@ledger/domain/testing';
import { transferProjections } from '../src/transfers';
import { TransferFixture } from '@ledger/domain/testing';
import { givenWhen } from './support/given-when';
import { ProjectionHarness } from './support/projection-harness';
import { postgresUnderTest, type PostgresUnderTest } from './support/test-stack';

/** A transfer between two fresh accounts of two owners, in EUR. */
const transferOf = (amountMinor = 2_500n, reference?: string) => new TransferFixture(new AccountFixture(), new AccountFixture(), amountMinor, reference);

/** transfer-summary against real PostgreSQL: given(events).when(event).then(row). */
describe('transfer-summary projection', () => {
  let pg: PostgresUnderTest;
  let harness: ProjectionHarness;
  const { given, when, storedOnly } = givenWhen(() => pg, () => harness);

  beforeAll(async () => {
    pg = await postgresUnderTest('transfers');
    const [definition] = transferProjections({ pool: pg.pool, readModelSchema: pg.readModelSchema });
    if (definition === undefined) throw new Error('no transfer projection');
    harness = new ProjectionHarness({ definition, pool: pg.pool, readModelSchema: pg.readModelSchema, streams: pg.eventStore });
  });
  afterAll(() => pg.dispose());

  const rowOf = async (transfer: TransferFixture) => {
    const { rows } = await pg.pool.query<Record<string, unknown>>(
      `SELECT transfer_id, from_account_id, from_owner_id, to_account_id, to_owner_id, amount_minor, currency, reference,
              status, failure_code, revision, created_at, updated_at
         FROM "${pg.readModelSchema}".transfer_summary WHERE transfer_id = $1`,
      [transfer.transferId],
    );
    return rows[0];
  };
  const progressOf = async (transfer: TransferFixture) => {
    const row = await rowOf(transfer);
    return { status: row?.['status'], failureCode: row?.['failure_code'], revision: row?.['revision'] };
  };
  const guardOf = async (transfer: TransferFixture) => {
    const { rows } = await pg.pool.query<{ revision: string }>(
      `SELECT revision FROM "${pg.readModelSchema}".projection_stream_revisions WHERE projection = 'transfer-summary' AND stream_id = $1`,
      [transfer.streamId],
    );
    return rows[0]?.revision;
  };
  const at = (text: string | undefined) => new Date(text ?? 'missing');

  it('TransferRequested: a pending row with the terms as requested, at revision 0, created and updated when it occurred', async () => {
    const transfer = transferOf(12_550n, 'rent');

    const [requested] = await when(transfer.requested());

    expect(await rowOf(transfer)).toEqual({
      transfer_id: transfer.transferId,
      from_account_id: transfer.from.accountId,
      from_owner_id: transfer.from.ownerId,
      to_account_id: transfer.to.accountId,
      to_owner_id: transfer.to.ownerId,
      amount_minor: '12550',
      currency: 'EUR',
      reference: 'rent',
      status: 'pending',
      failure_code: null,
      revision: '0',
      created_at: at(requested?.metadata.occurredAt),
      updated_at: at(requested?.metadata.occurredAt),
    });
  });

  it('debited, then completed: pending at revision 1, completed at revision 2; created_at stays, updated_at follows', async () => {
    const transfer = transferOf();
    const [requested] = await given(transfer.requested());

    await when(transfer.debited());
    expect(await progressOf(transfer)).toEqual({ status: 'pending', failureCode: null, revision: '1' });

    const [completed] = await when(transfer.completed());
    expect(await rowOf(transfer)).toMatchObject({
      status: 'completed',
      failure_code: null,
      revision: '2',
      created_at: at(requested?.metadata.occurredAt),
      updated_at: at(completed?.metadata.occurredAt),
    });
  });

  it('failed: the debit was refused, with the source account’s code', async () => {
    const transfer = transferOf();
    await given(transfer.requested());

    await when(transfer.failed('INSUFFICIENT_FUNDS'));

    expect(await progressOf(transfer)).toEqual({ status: 'failed', failureCode: 'INSUFFICIENT_FUNDS', revision: '1' });
  });

  it('credit refused: still pending, with the destination’s code; reversed once refunded, keeping that code', async () => {
    const transfer = transferOf();
    await given(transfer.requested(), transfer.debited());

    await when(transfer.creditRefused('ACCOUNT_CLOSED'));
    expect(await progressOf(transfer)).toEqual({ status: 'pending', failureCode: 'ACCOUNT_CLOSED', revision: '2' });

    await when(transfer.reversed());
    expect(await progressOf(transfer)).toEqual({ status: 'reversed', failureCode: 'ACCOUNT_CLOSED', revision: '3' });
  });

  it('a batch holding a whole history writes its end at once', async () => {
    const [reversed, completed] = [transferOf(), transferOf()];

    await when(reversed.requested(), completed.requested(), reversed.debited(), completed.debited(), reversed.creditRefused('ACCOUNT_FROZEN'), completed.completed(), reversed.reversed());

    expect(await progressOf(reversed)).toEqual({ status: 'reversed', failureCode: 'ACCOUNT_FROZEN', revision: '3' });
    expect(await progressOf(completed)).toEqual({ status: 'completed', failureCode: null, revision: '2' });
  });

  it('keeps a reference outside the Basic Multilingual Plane as it was; no reference is null', async () => {
    const reference = 'Miete 🏠 𝄞 𠜎 — März';
    const [withReference, without] = [transferOf(100n, reference), transferOf(100n)];

    await when(withReference.requested(), without.requested());

    expect((await rowOf(withReference))?.['reference']).toBe(reference);
    expect((await rowOf(without))?.['reference']).toBeNull();
  });

  it('applied twice = unchanged', async () => {
    const transfer = transferOf();
    const stored = await given(transfer.requested(), transfer.debited(), transfer.completed());
    const before = await rowOf(transfer);

    await harness.deliver(...stored);
    await harness.deliver(...stored);

    expect(await rowOf(transfer)).toEqual(before);
  });

  it('out-of-order duplicate ignored: an older step after the transfer ended changes nothing', async () => {
    const transfer = transferOf();
    const [, debited] = await given(transfer.requested(), transfer.debited(), transfer.creditRefused('ACCOUNT_CLOSED'), transfer.reversed());
    if (debited === undefined) throw new Error('no debit');
    const before = await rowOf(transfer);

    await harness.deliver(debited);

    expect(await rowOf(transfer)).toEqual(before);
  });

  it('a gap is healed from the event store: the missed step is applied before the one that arrived', async () => {
    const transfer = transferOf();
    await given(transfer.requested());
    await storedOnly(transfer.debited());

    await when(transfer.completed());

    expect(await progressOf(transfer)).toEqual({ status: 'completed', failureCode: null, revision: '2' });
    expect(await guardOf(transfer)).toBe('2');
  });

  it('an event about another transfer than its stream’s is dead-lettered, and the stream waits behind it', async () => {
    const [transfer, other] = [transferOf(), transferOf()];
    await given(transfer.requested());
    const stray = await pg.appendRaw(transfer.streamId, 'ledger.transfer.debited', { transferId: other.transferId });

    await harness.deliver(stray);

    const letters = (await harness.deadLetters.list()).filter((letter) => letter.streamId === transfer.streamId);
    expect(letters).toEqual([expect.objectContaining({ status: 'open', revision: 1n, type: 'ledger.transfer.debited' })]);
    expect(letters[0]?.error).toContain(`is about transfer ${other.transferId}`);
    expect(await progressOf(transfer)).toEqual({ status: 'pending', failureCode: null, revision: '0' });
  });
});
