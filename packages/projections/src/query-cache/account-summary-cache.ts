import { accountIdOfStream } from '@ledger/domain';
import { type RecordedEvent } from '@ledger/event-store';

/**
 * The query cache of `GET /accounts/{id}` (the account-summary read model): the query API fills
 * it, the projector invalidates it. Both build keys here, so they cannot drift apart.
 */
export const ACCOUNT_SUMMARY_CACHE_PREFIX = 'ledger:qc:account-summary:';

/**
 * How long the projector's tombstones live. It must outlast any read between its database query
 * and its fill (the query API's statements stop at 5 s), not the views' TTL: a minute is ample.
 */
export const TOMBSTONE_TTL_MS = 60_000;

export function accountSummaryCacheKey(accountId: string): string {
  return `${ACCOUNT_SUMMARY_CACHE_PREFIX}${accountId}`;
}

/** What a committed batch changed in account_summary: each account once, at the last revision the batch applied. */
export interface AccountRevision {
  readonly accountId: string;
  readonly revision: bigint;
}

export function accountRevisionsOf(applied: readonly RecordedEvent[]): AccountRevision[] {
  const latest = new Map<string, bigint>();
  for (const event of applied) {
    const accountId = accountIdOfStream(event.streamId);
    if (accountId === undefined) continue;
    const seen = latest.get(accountId);
    if (seen === undefined || event.streamRevision > seen) latest.set(accountId, event.streamRevision);
  }
  return [...latest].map(([accountId, revision]) => ({ accountId, revision }));
}
