import {
  accountDecider,
  accountStateFromSnapshot,
  accountStateToSnapshot,
  ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
  accountStreamId,
  decodeAccountEvent,
  encodeAccountEvent,
  type AccountCommand,
  type AccountEvent,
  type AccountState,
} from '@ledger/domain';
import {
  handleCommand,
  KeyedQueue,
  LruStateCache,
  type CommandIdempotency,
  type CommandStore,
  type EventCodec,
  type JsonValue,
  type StateCache,
} from '@ledger/event-store';
import { APP_CONFIG, LOGGER, type AppLogger } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CommandApiConfig } from '../command-api.config';
import { EventStoreReadiness } from '../event-store/event-store-readiness';
import { eventStoreTimeout } from '../event-store/event-store-timeout';
import { COMMAND_IDEMPOTENCY, EVENT_STORE } from '../event-store/event-store.tokens';
import { accountAdmissionFor } from './account-access';
import type { AccountCommandReply, AccountCommandResult } from './account-command-result';
import type { CommandContext } from '../commands/command-context';
import { failureOutcomeOf, problemOf } from '../commands/command-failure';
import { CommandMetrics, type CommandOutcome } from '../commands/command-metrics';
import { runIdempotently } from '../commands/run-idempotently';
import { withinDeadline } from '../commands/within-deadline';

// The domain's JSON types are readonly views of the same values the store writes.
const codec: EventCodec<AccountEvent> = {
  encode: (event) => encodeAccountEvent(event) as { type: string; schemaVersion: number; data: JsonValue },
  decode: (recorded) => decodeAccountEvent(recorded),
};

/**
 * Runs one account command the way every endpoint needs it: queued behind other commands on
 * the same account in this instance (so concurrent deposits wait instead of conflicting; at most
 * COMMAND_QUEUE_MAX_PER_ACCOUNT of them, beyond which 503 TOO_MANY_PENDING_COMMANDS),
 * at most once per Idempotency-Key, with snapshots, counted and logged. Refusals come back as
 * data; a revision mismatch, exhausted retries or an unreachable store are thrown as the
 * problems API.md lists.
 */
@Injectable()
export class AccountCommandRunner {
  private readonly queue: KeyedQueue;
  /** Accounts this instance wrote last, decided on without a load (state-cache.ts). */
  private readonly states: StateCache<AccountState> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: CommandStore,
    @Inject(COMMAND_IDEMPOTENCY) private readonly idempotency: CommandIdempotency,
    @Inject(APP_CONFIG) private readonly config: CommandApiConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly readiness: EventStoreReadiness,
    private readonly metrics: CommandMetrics,
  ) {
    this.queue = new KeyedQueue(config.commandQueueMaxPerAccount);
    this.states = config.stateCacheSize === 0 ? undefined : new LruStateCache<AccountState>(config.stateCacheSize);
  }

  async run(command: AccountCommand, context: CommandContext): Promise<AccountCommandReply> {
    const startedAt = process.hrtime.bigint();
    const streamId = accountStreamId(command.accountId);
    try {
      this.readiness.assertReady();
      const work = this.queue.run(streamId, () => this.runOnce(command, streamId, context));
      const reply = await withinDeadline(work, this.config.commandTimeoutMs, () => {
        this.logger.warn({ correlationId: context.metadata.correlationId, streamId, timeoutMs: this.config.commandTimeoutMs }, 'command ran out of time; its outcome is unknown to the client');
        return eventStoreTimeout();
      });
      this.record(command, context, outcomeOf(reply), startedAt, reply.result);
      return reply;
    } catch (error) {
      this.record(command, context, failureOutcomeOf(error), startedAt);
      throw problemOf(error, { noun: 'account', id: command.accountId });
    }
  }

  private async runOnce(command: AccountCommand, streamId: string, context: CommandContext): Promise<AccountCommandReply> {
    if (context.idempotency === undefined) {
      return { replayed: false, result: await this.decide(this.store, command, streamId, context, this.states) };
    }
    // Without the cache: the key's transaction may still roll back after the append. What it
    // appends makes the cached state stale, so that is dropped rather than left to conflict.
    this.states?.delete(streamId);
    return runIdempotently(this.idempotency, context.idempotency, (store) => this.decide(store, command, streamId, context, undefined));
  }

  private async decide(
    store: CommandStore,
    command: AccountCommand,
    streamId: string,
    context: CommandContext,
    stateCache: StateCache<AccountState> | undefined,
  ): Promise<AccountCommandResult> {
    const admit = accountAdmissionFor(context.principal, command);
    const result = await handleCommand(store, streamId, accountDecider, command, {
      ...(admit === undefined ? {} : { admit }),
      ...(stateCache === undefined ? {} : { stateCache }),
      codec,
      metadata: context.metadata,
      newEventId: randomUUID,
      maxAttempts: this.config.commandMaxAttempts,
      ...(context.expectedRevision === undefined ? {} : { expectedRevision: context.expectedRevision }),
      snapshots: {
        store,
        schemaVersion: ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
        every: this.config.snapshotEvery,
        toJson: (state) => accountStateToSnapshot(state) as JsonValue,
        fromJson: accountStateFromSnapshot,
      },
      onSnapshotError: (error) => this.logger.warn({ err: error, streamId }, 'snapshot not saved'),
    });
    if (!result.ok) return { kind: 'refused', error: result.error };
    const { revision, position } = result;
    return { kind: 'accepted', accountId: command.accountId, streamId, revision: Number(revision), position: position.toString() };
  }

  private record(
    command: AccountCommand,
    context: CommandContext,
    outcome: CommandOutcome,
    startedAt: bigint,
    result?: AccountCommandResult,
  ): void {
    this.metrics.record(command.type, outcome, startedAt);
    const where = result?.kind === 'accepted' ? { revision: result.revision, position: result.position } : {};
    const code = result?.kind === 'refused' ? { code: result.error.code } : {};
    this.logger.info(
      { correlationId: context.metadata.correlationId, command: command.type, streamId: accountStreamId(command.accountId), outcome, ...where, ...code },
      'command handled',
    );
  }
}

function outcomeOf(reply: AccountCommandReply): CommandOutcome {
  return reply.replayed ? 'replayed' : reply.result.kind;
}
