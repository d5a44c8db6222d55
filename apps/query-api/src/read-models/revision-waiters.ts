import { appliedRevisionsChannelOf, parseAppliedRevisions } from '@ledger/projections/postgres';
import { APP_CONFIG, directDatabaseUrl, DomainErrorException, LOGGER, PostgresListener, type AppLogger } from '@ledger/platform';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { QueryApiConfig } from '../query-api.config';
import { ProjectionProgress } from './projection-progress';
import { ReplicaCatchUp } from './replica-catch-up';
import { WaitingStreams } from './waiting-streams';

/** A re-check reads this many streams per query at most. */
const RECHECK_CHUNK = 1_000;

/**
 * Read-your-writes waiters, woken by the projector's commits: the projector NOTIFYs the
 * revisions each batch applied, in the batch's transaction, and this instance LISTENs on one
 * dedicated connection. Every `READ_YOUR_WRITES_RECHECK_MS` (and whenever LISTEN is in place
 * again after a lost connection) all waiting streams are re-read in one query per projection:
 * the safety net for a notification that was missed. Waiting costs the database nothing more;
 * at most `READ_YOUR_WRITES_MAX_WAITERS` wait at once, and one more is refused at once (503
 * TOO_MANY_WAITERS with Retry-After) instead of queueing without bound.
 *
 * LISTEN goes to the server itself (DATABASE_DIRECT_URL, else DATABASE_URL): a transaction-pooling
 * PgBouncer would hand the listening server session to other clients after the statement.
 *
 * With READ_DATABASE_URL, revisions are read on the replica but LISTEN stays on the primary:
 * NOTIFY is not replicated, and fires when the primary commits, possibly before the replica
 * replayed the commit. A notification is then only a hint (ReplicaCatchUp): the
 * stream is read on the replica until it shows the revision, and only that settles a waiter.
 * Without READ_DATABASE_URL notification and reads are of one database, and the notification,
 * sent at commit, settles waiters itself.
 */
@Injectable()
export class RevisionWaiters implements OnModuleInit, OnApplicationShutdown {
  private readonly waiting = new WaitingStreams();
  private readonly listener: PostgresListener;
  /** Set when reads go to a replica (READ_DATABASE_URL). */
  private readonly catchUp: ReplicaCatchUp | undefined;
  private recheckTimer: NodeJS.Timeout | undefined;
  private recheckRunning = false;

  constructor(
    private readonly progress: ProjectionProgress,
    @Inject(APP_CONFIG) private readonly config: QueryApiConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.listener = new PostgresListener({
      connectionString: directDatabaseUrl(config),
      applicationName: 'query-api-revisions',
      channel: appliedRevisionsChannelOf(config.readModelSchema),
      onNotification: (payload) => this.notified(payload),
      onListening: () => void this.recheck(),
      logger,
    });
    this.catchUp =
      config.readDatabaseUrl === undefined
        ? undefined
        : new ReplicaCatchUp({
            read: (projection, streamIds) => this.progress.revisionsOf(projection, streamIds),
            applied: (projection, streamId, revision) => this.waiting.applied(projection, streamId, revision),
            waitedOn: (projection, streamId) => this.waiting.has(projection, streamId),
            onError: (error) => this.logger.warn({ err: error }, 'reading announced revisions on the replica failed; the periodic re-check goes on'),
          });
  }

  onModuleInit(): void {
    this.listener.start();
    this.recheckTimer = setInterval(() => void this.recheck(), this.config.readYourWritesRecheckMs);
    this.recheckTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.recheckTimer);
    this.catchUp?.stop();
    this.waiting.abandonAll();
    await this.listener.close();
  }

  /** Waiters right now (for tests and metrics). */
  get size(): number {
    return this.waiting.size;
  }

  /**
   * True once `projection` has applied `minRevision` of `streamId`, false if `timeoutMs` passes
   * first. Registered before the first read, so a commit between that read and the wait is
   * never missed. Throws 503 TOO_MANY_WAITERS when this instance already holds its maximum.
   */
  async waitFor(projection: string, streamId: string, minRevision: bigint, timeoutMs: number): Promise<boolean> {
    if (this.waiting.size >= this.config.readYourWritesMaxWaiters) throw this.tooManyWaiters();
    // Settled only by a later notification, re-check or the timer, never before `timer` is set.
    let settle: (reached: boolean) => void = () => undefined;
    const settled = new Promise<boolean>((resolve) => {
      settle = this.waiting.add(projection, streamId, minRevision, (reached) => {
        clearTimeout(timer);
        resolve(reached);
      });
    });
    const timer = setTimeout(() => settle(false), timeoutMs);
    try {
      const applied = (await this.progress.revisionsOf(projection, [streamId])).get(streamId);
      if (applied !== undefined) this.waiting.applied(projection, streamId, applied);
      // The first read decides even when the timer ran out during it (timeoutMs=0 asks "applied yet?").
      if (applied !== undefined && applied >= minRevision) return true;
    } catch (error) {
      settle(false);
      throw error;
    }
    return settled;
  }

  private notified(payload: string): void {
    const notice = parseAppliedRevisions(payload);
    if (notice === undefined) {
      this.logger.warn({ payload: payload.slice(0, 200) }, 'ignored a revision notification in an unknown format');
      return;
    }
    for (const { streamId, revision } of notice.revisions) {
      if (this.catchUp === undefined) this.waiting.applied(notice.projection, streamId, revision);
      else this.catchUp.hint(notice.projection, streamId, revision);
    }
  }

  private async recheck(): Promise<void> {
    if (this.recheckRunning || this.waiting.size === 0) return;
    this.recheckRunning = true;
    try {
      for (const [projection, streamIds] of this.waiting.streams()) {
        for (let start = 0; start < streamIds.length; start += RECHECK_CHUNK) {
          const revisions = await this.progress.revisionsOf(projection, streamIds.slice(start, start + RECHECK_CHUNK));
          for (const [streamId, revision] of revisions) this.waiting.applied(projection, streamId, revision);
        }
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'read-your-writes re-check failed; waiters keep waiting');
    } finally {
      this.recheckRunning = false;
    }
  }

  private tooManyWaiters(): DomainErrorException {
    return new DomainErrorException({
      code: 'TOO_MANY_WAITERS',
      message: `This instance already holds ${this.config.readYourWritesMaxWaiters} read-your-writes waits; retry shortly, or read without minRevision.`,
      retryAfterSeconds: 1,
    });
  }
}
