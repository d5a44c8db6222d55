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
import { COMMAND_IDEMPOTENCY, EVENT_STORE } from '../event-store/event-store.tokens';
import { accountAdmissionFor } from './account-access';
import type { AccountCommandReply, AccountCommandResult } from './account-command-result';
import type { CommandContext } from '../commands/command-context';
import { CommandExecution } from '../commands/command-execution';
import { runIdempotently } from '../commands/run-idempotently';

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
    private readonly execution: CommandExecution,
  ) {
    this.queue = new KeyedQueue(config.commandQueueMaxPerAccount);
    this.states = config.stateCacheSize === 0 ? undefined : new LruStateCache<AccountState>(config.stateCacheSize);
  }

  run(command: AccountCommand, context: CommandContext): Promise<AccountCommandReply> {
    const streamId = accountStreamId(command.accountId);
    return this.execution.execute({ type: command.type, streamId, target: { noun: 'account', id: command.accountId } }, context, () =>
      this.queue.run(streamId, () => this.runOnce(command, streamId, context)),
    );
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
}
