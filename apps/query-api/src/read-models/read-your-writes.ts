import { DomainErrorException } from '@ledger/platform';

/**
 * Waits until a read model has applied `minRevision` of a stream, re-reading with a short,
 * growing pause (10 ms up to 100 ms): projections usually catch up within milliseconds, and a
 * bounded wait costs one cheap indexed read per step. Returns whether it got there in time.
 */
export async function waitForRevision(
  minRevision: bigint,
  timeoutMs: number,
  appliedRevision: () => Promise<bigint | undefined>,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let pauseMs = 10; ; pauseMs = Math.min(100, pauseMs * 2)) {
    const applied = await appliedRevision();
    if (applied !== undefined && applied >= minRevision) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pauseMs, left)));
  }
}

/** 503 READ_MODEL_BEHIND (API.md), with the revision reached so far and when to ask again. */
export function readModelBehind(accountId: string, minRevision: bigint, applied: bigint | undefined) {
  return {
    code: 'READ_MODEL_BEHIND',
    message: `The read model has not applied revision ${minRevision} of account ${accountId} yet; retry shortly.`,
    accountId,
    minRevision: Number(minRevision),
    appliedRevision: applied === undefined ? null : Number(applied),
    retryAfterSeconds: 1,
  };
}

/**
 * With `minRevision`, waits for it (bounded by `timeoutMs`, else the configured default) and
 * throws READ_MODEL_BEHIND if the read model is still behind; without it, returns at once.
 */
export async function ensureReadYourWrites(
  accountId: string,
  params: { readonly minRevision?: bigint; readonly timeoutMs?: number },
  defaultTimeoutMs: number,
  appliedRevision: () => Promise<bigint | undefined>,
): Promise<void> {
  const { minRevision } = params;
  if (minRevision === undefined) return;
  if (await waitForRevision(minRevision, params.timeoutMs ?? defaultTimeoutMs, appliedRevision)) return;
  throw new DomainErrorException(readModelBehind(accountId, minRevision, await appliedRevision()));
}
