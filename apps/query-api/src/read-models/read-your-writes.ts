import { inSpan } from '@ledger/event-store';
import { APP_CONFIG, DomainErrorException } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { QueryApiConfig } from '../query-api.config';
import { ProjectionProgress, type WaitableProjection } from './projection-progress';
import { describeSubject, streamIdOf, type ReadSubject } from './read-subject';
import { RevisionWaiters } from './revision-waiters';

/** 503 READ_MODEL_BEHIND (API.md), naming the account or transfer, with the revision reached so far and when to ask again. */
export function readModelBehind(subject: ReadSubject, minRevision: bigint, applied: bigint | undefined) {
  return {
    code: 'READ_MODEL_BEHIND',
    message: `The read model has not applied revision ${minRevision} of ${describeSubject(subject)} yet; retry shortly.`,
    ...subject,
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

/** API.md's read-your-writes for the account and transfer queries. */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly waiters: RevisionWaiters,
    private readonly progress: ProjectionProgress,
    @Inject(APP_CONFIG) private readonly config: QueryApiConfig,
  ) {}

  /**
   * With `minRevision`, waits until `projection` has applied it in the subject's stream (bounded
   * by `timeoutMs`, else the configured default) and throws READ_MODEL_BEHIND if it is still
   * behind, with the revision reached only if `mayReveal` (the reader may see the subject);
   * without it, returns at once.
   */
  async ensure(
    projection: WaitableProjection,
    subject: ReadSubject,
    { minRevision, timeoutMs }: ReadYourWritesRequest,
    mayReveal: () => Promise<boolean> = () => Promise.resolve(true),
  ): Promise<void> {
    if (minRevision === undefined) return;
    const streamId = streamIdOf(subject);
    const reached = await inSpan('read-your-writes wait', { 'ledger.projection': projection, 'ledger.stream.id': streamId, 'ledger.stream.min_revision': Number(minRevision) }, async (span) => {
      const applied = await this.waiters.waitFor(projection, streamId, minRevision, timeoutMs ?? this.config.readYourWritesDefaultMs);
      span.setAttribute('ledger.read_model.reached', applied);
      return applied;
    });
    if (reached) return;
    // What the subject turned out to be while the wait went on (another owner's, first seen now)
    // decides whether its revision may be told, as it would have before the wait.
    const applied = await this.progress.revisionOf(projection, subject);
    throw new DomainErrorException(readModelBehind(subject, minRevision, applied !== undefined && (await mayReveal()) ? applied : undefined));
  }

  /**
   * Answers a read the caller may not see exactly as one of a subject the read model has never
   * seen: without `minRevision` the caller's 404; with it, the rest of the wait, then
   * READ_MODEL_BEHIND with no revision applied. `startedAt` (ms) is when the read began.
   */
  async asIfUnseen(subject: ReadSubject, { minRevision, timeoutMs }: ReadYourWritesRequest, startedAt: number, notFound: () => Error): Promise<never> {
    if (minRevision === undefined) throw notFound();
    const left = startedAt + (timeoutMs ?? this.config.readYourWritesDefaultMs) - Date.now();
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    throw new DomainErrorException(readModelBehind(subject, minRevision, undefined));
  }
}
