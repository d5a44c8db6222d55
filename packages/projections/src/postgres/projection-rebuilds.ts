import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { type Pool } from 'pg';
import { UnknownProjectionError } from '../dead-letters/dead-letter-errors';
import { type EventHistory } from '../port/event-history';
import { type ProjectionDefinition } from '../port/projection';
import { RebuildInProgressError } from '../rebuild/rebuild-errors';
import { type RebuildReason, type RebuildRecord } from '../rebuild/rebuild-record';
import { abortableDelay } from '../runtime/abortable-delay';
import { type ProjectionLogger } from '../runtime/logger';
import { ProjectionRebuild, type RebuildOutcome, type SwapHold } from './projection-rebuild';
import { ProjectionVersions } from './projection-versions';
import { RebuildJournal, type RetiredCopy } from './rebuild-journal';
import { RebuildLease } from './rebuild-lease';

export interface ProjectionRebuildsOptions {
  readonly pool: Pool;
  /** The read-model schema: `projection_versions`, `projection_rebuilds`, the guard. */
  readonly schema: string;
  readonly definitions: readonly ProjectionDefinition[];
  /** The projections this instance runs: the ones whose version it checks at start. */
  readonly running: readonly string[];
  readonly history: EventHistory;
  readonly logger: ProjectionLogger;
  /** The live consumer of a projection on this instance, held during the swap. */
  readonly holdOf: (projection: string) => SwapHold | undefined;
  /** Events per batch read from the store and written to the copy. */
  readonly batchSize?: number;
  /** How long a retired copy stays before it is dropped (readers that chose it before the swap finish). */
  readonly graceMs?: number;
  /** Rebuild a projection whose declared version differs from the one its live read model was built by. */
  readonly rebuildOnVersionChange?: boolean;
  readonly onEnded?: (record: RebuildRecord, outcome: RebuildOutcome) => void;
}

interface Running {
  readonly record: RebuildRecord;
  readonly outcome: Promise<RebuildOutcome>;
}

export const DEFAULT_REBUILD_BATCH_SIZE = 5_000;
export const DEFAULT_REBUILD_GRACE_MS = 60_000;
const RECOVERY_RETRY_MS = 5_000;

/**
 * The rebuilds of one projector instance (ARCHITECTURE.md, "Replay"): starts them on request or
 * when a projection's version changed, refuses a second one of the same projection (on any
 * instance: the lease and the journal's unique index), resumes one a crash interrupted, and
 * drops retired copies once their grace period is over.
 */
export class ProjectionRebuilds {
  readonly journal: RebuildJournal;
  private readonly versions: ProjectionVersions;
  private readonly running = new Map<string, Running>();
  private readonly drops = new Set<NodeJS.Timeout>();
  private readonly stopping = new AbortController();
  private recovering: Promise<void> | undefined;

  constructor(private readonly options: ProjectionRebuildsOptions) {
    this.journal = new RebuildJournal(options.schema);
    this.versions = new ProjectionVersions(options.schema);
  }

  /**
   * Starts a rebuild of `projection` (or resumes the one a dead process left running) and returns
   * it at once; the work goes on in the background. Rejects with `RebuildInProgressError` while
   * one runs anywhere.
   */
  async start(projection: string, reason: RebuildReason = 'requested'): Promise<RebuildRecord> {
    const definition = this.definitionOf(projection);
    const mine = this.running.get(projection);
    if (mine !== undefined) throw new RebuildInProgressError(projection, mine.record.id);
    const { pool, schema } = this.options;
    const lease = await RebuildLease.acquire(pool, schema, projection);
    if (lease === undefined) throw new RebuildInProgressError(projection, (await this.journal.active(pool)).get(projection)?.id);
    try {
      await this.versions.adopt(pool, projection, definition.version);
      const record = await this.resumableOrNew(definition, reason);
      this.launch(definition, record, lease);
      return record;
    } catch (error) {
      await lease.release();
      throw error;
    }
  }

  async find(projection: string, id: string): Promise<RebuildRecord | undefined> {
    this.definitionOf(projection);
    return this.journal.find(this.options.pool, projection, id);
  }

  /** The running rebuild of each projection that has one, on any instance. */
  active(): Promise<Map<string, RebuildRecord>> {
    return this.journal.active(this.options.pool);
  }

  /** How many rebuilds swapped each projection's live read model so far (on any instance). */
  swaps(): Promise<Map<string, number>> {
    return this.versions.generations(this.options.pool);
  }

  /** Resolves when this instance's rebuild `id` ends (undefined if it runs none by that id). */
  outcomeOf(id: string): Promise<RebuildOutcome> | undefined {
    return [...this.running.values()].find((running) => running.record.id === id)?.outcome;
  }

  /**
   * At start: resumes interrupted rebuilds, rebuilds projections whose version changed, and
   * schedules the drop of retired copies. Retried in the background while PostgreSQL is away.
   */
  recover(): Promise<void> {
    this.recovering ??= this.recoverUntilDone();
    return this.recovering;
  }

  /** Stops this instance's rebuilds at their next batch; each resumes from its checkpoint on the next start. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const timer of this.drops) clearTimeout(timer);
    await this.recovering;
    await Promise.all([...this.running.values()].map((running) => running.outcome));
  }

  private async resumableOrNew(definition: ProjectionDefinition, reason: RebuildReason): Promise<RebuildRecord> {
    const { pool, logger } = this.options;
    const interrupted = (await this.journal.active(pool)).get(definition.name);
    if (interrupted !== undefined && interrupted.version === definition.version) {
      logger.info({ projection: definition.name, rebuildId: interrupted.id, position: interrupted.position?.toString() ?? null }, 'resuming an interrupted rebuild');
      return interrupted;
    }
    if (interrupted !== undefined) {
      await this.journal.ended(pool, interrupted.id, 'abandoned', `the projection is now version ${definition.version}; a new rebuild replaces this one`);
      await definition.copies.drop(interrupted.copy);
    }
    const id = randomUUID();
    const copy = `r${id.replaceAll('-', '').slice(0, 12)}`;
    await definition.copies.create(copy);
    const total = Number(await this.options.history.countAfter(undefined));
    return this.journal.begin(pool, { id, projection: definition.name, version: definition.version, reason, copy, total });
  }

  private launch(definition: ProjectionDefinition, record: RebuildRecord, lease: RebuildLease): void {
    const { pool, schema, history, logger } = this.options;
    const signal = AbortSignal.any([this.stopping.signal, lease.lost]);
    const rebuild = new ProjectionRebuild({
      pool,
      schema,
      definition,
      history,
      journal: this.journal,
      versions: this.versions,
      record,
      batchSize: this.options.batchSize ?? DEFAULT_REBUILD_BATCH_SIZE,
      graceMs: this.options.graceMs ?? DEFAULT_REBUILD_GRACE_MS,
      hold: this.options.holdOf(definition.name),
      logger,
      signal,
    });
    // Its own work, not the request's that started it: a rebuild started over HTTP would
    // otherwise put every query it runs, for as long as it runs, into that request's trace.
    const outcome = context.with(ROOT_CONTEXT, () => rebuild.run()).finally(async () => {
      this.running.delete(definition.name);
      await lease.release();
    });
    this.running.set(definition.name, { record, outcome });
    void outcome.then((ended) => {
      this.options.onEnded?.(record, ended);
      if (ended.state === 'completed') this.scheduleDrop({ rebuildId: record.id, projection: definition.name, copy: ended.retired, dropInMs: ended.dropInMs });
      // Stopped without being asked to: the lease's connection broke (PostgreSQL restarted or
      // failed over). The rebuild is still `running` in the journal; take it up again.
      if (ended.state === 'stopped' && !this.stopping.signal.aborted) void this.resumeLater(definition.name);
    });
  }

  private async resumeLater(projection: string): Promise<void> {
    while (!this.stopping.signal.aborted) {
      await abortableDelay(RECOVERY_RETRY_MS, this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      try {
        await this.start(projection, 'requested');
        return;
      } catch (error) {
        // Another instance took it up, or it ended meanwhile: nothing left to resume here.
        if (error instanceof RebuildInProgressError) return;
        this.options.logger.warn({ projection, err: error }, 'could not resume an interrupted rebuild; retrying');
      }
    }
  }

  private async recoverUntilDone(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        await this.recoverOnce();
        return;
      } catch (error) {
        this.options.logger.warn({ err: error }, 'could not check projection versions and rebuilds; retrying');
        await abortableDelay(RECOVERY_RETRY_MS, this.stopping.signal);
      }
    }
  }

  private async recoverOnce(): Promise<void> {
    const { pool, logger, running } = this.options;
    const active = await this.journal.active(pool);
    for (const definition of this.options.definitions.filter((each) => running.includes(each.name))) {
      await this.versions.adopt(pool, definition.name, definition.version);
      const recorded = await this.versions.recorded(pool, definition.name);
      const interrupted = active.get(definition.name);
      if (interrupted === undefined && recorded !== undefined && recorded.version > definition.version) {
        // An older deployment (a rollback, or an instance not yet upgraded in a rolling deploy)
        // must not rebuild the read model back: a newer version built it.
        logger.warn({ projection: definition.name, built: recorded.version, declared: definition.version }, 'the read model was built by a newer version of the projection; not rebuilding');
        continue;
      }
      const changed = recorded !== undefined && recorded.version < definition.version;
      if (interrupted === undefined && !changed) continue;
      if (interrupted === undefined && this.options.rebuildOnVersionChange === false) {
        logger.warn({ projection: definition.name, built: recorded?.version, declared: definition.version }, 'the projection\'s version changed; rebuild it (automatic rebuilds are off)');
        continue;
      }
      try {
        const record = await this.start(definition.name, interrupted?.reason ?? 'version-changed');
        if (changed) logger.info({ projection: definition.name, rebuildId: record.id, from: recorded.version, to: definition.version }, 'the projection\'s version changed; rebuilding it');
      } catch (error) {
        if (!(error instanceof RebuildInProgressError)) throw error;
        logger.info({ projection: definition.name, rebuildId: error.rebuildId }, 'another instance is rebuilding this projection');
      }
    }
    for (const retired of await this.journal.retired(pool)) this.scheduleDrop(retired);
  }

  private scheduleDrop(retired: RetiredCopy): void {
    if (this.stopping.signal.aborted) return;
    const timer = setTimeout(() => {
      this.drops.delete(timer);
      void this.drop(retired);
    }, retired.dropInMs);
    timer.unref();
    this.drops.add(timer);
  }

  private async drop(retired: RetiredCopy): Promise<void> {
    const definition = this.options.definitions.find((each) => each.name === retired.projection);
    if (definition === undefined) return;
    try {
      await definition.copies.drop(retired.copy);
      await this.journal.dropped(this.options.pool, retired.rebuildId);
      this.options.logger.info({ projection: retired.projection, copy: retired.copy }, 'retired read-model copy dropped');
    } catch (error) {
      // The next start schedules it again.
      this.options.logger.warn({ projection: retired.projection, copy: retired.copy, err: error }, 'could not drop a retired read-model copy');
    }
  }

  private definitionOf(projection: string): ProjectionDefinition {
    const definition = this.options.definitions.find((each) => each.name === projection);
    if (definition === undefined) throw new UnknownProjectionError(projection);
    return definition;
  }
}
