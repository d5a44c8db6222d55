import { accountStreamId } from '@ledger/domain';
import { APP_CONFIG, DomainErrorException } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { QueryApiConfig } from '../query-api.config';
import { ProjectionProgress, type AccountProjection } from './projection-progress';
import { RevisionWaiters } from './revision-waiters';

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

/** `?minRevision=&timeoutMs=` as the handlers receive them. */
export interface ReadYourWritesRequest {
  readonly minRevision?: bigint;
  readonly timeoutMs?: number;
}

/** API.md's read-your-writes for the account queries. */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly waiters: RevisionWaiters,
    private readonly progress: ProjectionProgress,
    @Inject(APP_CONFIG) private readonly config: QueryApiConfig,
  ) {}

  /**
   * With `minRevision`, waits until `projection` has applied it for the account (bounded by
   * `timeoutMs`, else the configured default) and throws READ_MODEL_BEHIND if it is still behind;
   * without it, returns at once.
   */
  async ensure(projection: AccountProjection, accountId: string, { minRevision, timeoutMs }: ReadYourWritesRequest): Promise<void> {
    if (minRevision === undefined) return;
    if (await this.waiters.waitFor(projection, accountStreamId(accountId), minRevision, timeoutMs ?? this.config.readYourWritesDefaultMs)) return;
    throw new DomainErrorException(readModelBehind(accountId, minRevision, await this.progress.revisionOf(projection, accountId)));
  }

  /**
   * Answers a read the caller may not see exactly as one of an account the read model has never
   * seen: without `minRevision` the caller's 404; with it, the rest of the wait, then
   * READ_MODEL_BEHIND with no revision applied. `startedAt` (ms) is when the read began.
   */
  async asIfUnseen(accountId: string, { minRevision, timeoutMs }: ReadYourWritesRequest, startedAt: number, notFound: () => Error): Promise<never> {
    if (minRevision === undefined) throw notFound();
    const left = startedAt + (timeoutMs ?? this.config.readYourWritesDefaultMs) - Date.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    throw new DomainErrorException(readModelBehind(accountId, minRevision, undefined));
  }
}
