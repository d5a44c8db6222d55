import type { CommandIdempotency, CommandStore, IdempotencyClaim, JsonValue } from '@ledger/event-store';
import { DomainErrorException } from '@ledger/platform';

/**
 * Runs `work` at most once per Idempotency-Key (API.md "Idempotency"): the first answer is
 * recorded with what the work appended, in one transaction, and replayed to every retry; the
 * key with another request is 422 IDEMPOTENCY_KEY_REUSED. Results hold only strings and numbers,
 * so they are stored as JSON unchanged.
 */
export async function runIdempotently<Result>(
  idempotency: CommandIdempotency,
  claim: IdempotencyClaim,
  work: (store: CommandStore) => Promise<Result>,
): Promise<{ readonly replayed: boolean; readonly result: Result }> {
  const outcome = await idempotency.execute(claim, async (store) => (await work(store)) as unknown as JsonValue);
  if (outcome.kind === 'key-reused') {
    throw new DomainErrorException({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'This Idempotency-Key was used for a different request; use a new key for a new request.',
    });
  }
  return { replayed: outcome.kind === 'replayed', result: outcome.result as unknown as Result };
}
