import { type EventConsumer, type EventConsumerOptions } from '@ledger/messaging';
import { type Pool } from 'pg';
import { DeadLetterOperations, type ProjectionHandle } from '../dead-letters/dead-letter-operations';
import { type DeadLetterPublisher } from '../port/dead-letter-publisher';
import { type EventHistory } from '../port/event-history';
import { type RebuildRecord } from '../rebuild/rebuild-record';
import { type ProjectionDefinition } from '../port/projection';
import { type StreamReader } from '../port/stream-reader';
import { type AttemptOutcome } from '../runtime/batch-attempt';
import { type ProjectionLogger } from '../runtime/logger';
import { ProjectionDispatcher } from '../runtime/projection-dispatcher';
import { ProjectionRunner, type ProjectionReport } from '../runtime/projection-runner';
import { PostgresProgressSource } from './postgres-read-progress';
import { quoteIdentifier } from '@ledger/event-store/postgres';
import { type RetryPolicy } from '../runtime/retry-policy';
import { isTransientPostgresError } from './postgres-errors';
import { PostgresDeadLetters } from './postgres-dead-letters';
import { PostgresProjectionUnits } from './postgres-projection-units';
import { ProjectionRebuilds, type ProjectionRebuildsOptions } from './projection-rebuilds';

export interface ProjectorOptions {
  /** Every projection this projector knows: their dead letters can be retried and skipped. */
  readonly definitions: readonly ProjectionDefinition[];
  /** The ones it runs (consumes Kafka for). */
  readonly running: readonly string[];
  readonly pool: Pool;
  /** Schema of `dead_letters`, the guard and the PostgreSQL read models. */
  readonly readModelSchema: string;
  /** The event store: one stream to fill a gap, `$all` to rebuild. */
  readonly streams: StreamReader & EventHistory;
  readonly topicOf: (category: string) => string;
  /** The consumer group of this projector's instances: one fetch for all its projections. */
  readonly groupId: string;
  readonly deadLetterTopicOf: (projection: string) => string;
  readonly createConsumer: (options: EventConsumerOptions) => EventConsumer;
  readonly publisher: DeadLetterPublisher;
  readonly logger: ProjectionLogger;
  readonly retry?: RetryPolicy;
  readonly consumer?: Pick<EventConsumerOptions, 'maxWaitTimeMs' | 'partitionsConsumedConcurrently' | 'sessionTimeoutMs'>;
  /** Creates the topics a projection reads and writes, before its consumer starts. */
  readonly prepareTopics?: (topics: readonly string[]) => Promise<void>;
  readonly onCommitted?: (projection: string, outcome: AttemptOutcome, durationMs: number) => void;
  readonly rebuild?: Pick<ProjectionRebuildsOptions, 'batchSize' | 'graceMs' | 'rebuildOnVersionChange' | 'onEnded'>;
}

/**
 * The projections of one process: a runner per running projection, fed by one fetch of their
 * topics (the dispatcher, one member of `groupId`), and the dead-letter operations and rebuilds
 * for all of them. PostgreSQL holds the units of work, the guard of PostgreSQL read models, the
 * read progress and the dead letters of every projection.
 */
export class Projector {
  readonly runners: readonly ProjectionRunner[];
  readonly dispatcher: ProjectionDispatcher;
  readonly deadLetters: PostgresDeadLetters;
  readonly operations: DeadLetterOperations;
  readonly rebuilds: ProjectionRebuilds;
  private askingActive: Promise<Map<string, RebuildRecord>> | undefined;

  constructor(options: ProjectorOptions) {
    const unknown = options.running.filter((name) => !options.definitions.some((definition) => definition.name === name));
    if (unknown.length > 0) throw new Error(`unknown projection(s): ${unknown.join(', ')}`);
    this.deadLetters = new PostgresDeadLetters(options.pool, options.readModelSchema);
    const handles = new Map(options.definitions.map((definition) => [definition.name, handleOf(definition, options)]));
    this.runners = options.definitions
      .filter((definition) => options.running.includes(definition.name))
      .map((definition) => this.runnerOf(definition, handles.get(definition.name) ?? handleOf(definition, options), options));
    const { prepareTopics } = options;
    const topics = [...new Set(this.runners.flatMap((runner) => [...runner.topics, options.deadLetterTopicOf(runner.name)]))];
    this.dispatcher = new ProjectionDispatcher({
      groupId: options.groupId,
      runners: this.runners,
      progress: new PostgresProgressSource(options.pool, quoteIdentifier(options.readModelSchema)),
      createConsumer: options.createConsumer,
      logger: options.logger,
      ...(options.consumer === undefined ? {} : { consumer: options.consumer }),
      ...(prepareTopics === undefined ? {} : { prepare: () => prepareTopics(topics) }),
    });
    this.operations = new DeadLetterOperations({ find: (id) => this.deadLetters.find(id), projections: handles, streams: options.streams, logger: options.logger });
    this.rebuilds = new ProjectionRebuilds({
      ...options.rebuild,
      pool: options.pool,
      schema: options.readModelSchema,
      definitions: options.definitions,
      running: options.running,
      history: options.streams,
      logger: options.logger,
      holdOf: (projection) => {
        const runner = this.runner(projection);
        return runner === undefined ? undefined : { hold: () => runner.holdForSwap(), release: () => runner.releaseAfterSwap() };
      },
    });
  }

  /** Starts consuming, then (in the background) resumes interrupted rebuilds and rebuilds projections whose version changed. */
  start(): void {
    if (this.runners.length > 0) this.dispatcher.start();
    void this.rebuilds.recover();
  }

  async stop(): Promise<void> {
    await this.rebuilds.stop();
    await this.dispatcher.stop();
  }

  runner(name: string): ProjectionRunner | undefined {
    return this.runners.find((runner) => runner.name === name);
  }

  /** One query for all runners' reports made at once (they ask together, in `reports`). */
  private activeRebuilds(): Promise<Map<string, RebuildRecord>> {
    this.askingActive ??= this.rebuilds.active().finally(() => (this.askingActive = undefined));
    return this.askingActive;
  }

  reports(): Promise<ProjectionReport[]> {
    return Promise.all(this.runners.map((runner) => runner.report()));
  }

  private runnerOf(definition: ProjectionDefinition, handle: ProjectionHandle, options: ProjectorOptions): ProjectionRunner {
    const topics = definition.categories.map(options.topicOf);
    const runner: ProjectionRunner = new ProjectionRunner({
      definition,
      groupId: options.groupId,
      topics,
      processing: {
        units: handle.units,
        streams: options.streams,
        deadLetterTopic: options.deadLetterTopicOf(definition.name),
        publisher: options.publisher,
        isTransient: handle.isTransient,
        ...(options.retry === undefined ? {} : { retry: options.retry }),
        onCommitted: (outcome, durationMs) => options.onCommitted?.(definition.name, outcome, durationMs),
        ...(definition.sideEffects === undefined ? {} : { sideEffects: definition.sideEffects }),
      },
      deadLetterCounts: () => this.deadLetters.counts(definition.name),
      lag: () => this.dispatcher.lagOf(runner),
      activeRebuild: async () => (await this.activeRebuilds()).get(definition.name),
      onReadyChanged: (ready) => this.dispatcher.readinessChanged(ready),
      logger: options.logger,
    });
    return runner;
  }
}

function handleOf(definition: ProjectionDefinition, options: ProjectorOptions): ProjectionHandle {
  return {
    units: new PostgresProjectionUnits({ pool: options.pool, schema: options.readModelSchema, projection: definition.name, store: definition.store }),
    isTransient: (error) => isTransientPostgresError(error) || definition.store.isTransient(error),
    ...(definition.sideEffects === undefined ? {} : { sideEffects: definition.sideEffects }),
  };
}
