import {
  accountDecider,
  accountStateFromSnapshot,
  accountStateToSnapshot,
  accountStreamId,
  ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
  nextLeg,
  transferDecider,
  transferStreamId,
  type AccountErrorCode,
  type NextLeg,
  type TransferId,
  type TransferState,
} from '@ledger/domain';
import { handleCommand, KeyedQueue, loadState, type CommandIdempotency, type CommandStore, type EventMetadata, type JsonValue } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';
import { accountCodec, transferCodec } from './event-codecs';
import { TransferPoisonError } from './transfer-poison.error';

/**
 * How long a leg's idempotency key is kept: as long as the money it guards. A key that expired
 * while its transfer still waited to record the leg (the processor down for a day after the
 * account answered) would let the leg run again and move the money twice; three small rows per
 * transfer are the price. 50 years stays within every store's bounds for an expiry.
 */
export const LEG_KEY_TIME_TO_LIVE_MS = 50 * 365 * 24 * 3_600_000;

/**
 * Every leg's fingerprint. A key is `transfer:<id>:<leg>`, a namespace no client key can reach
 * (theirs are scoped by subject), and the leg's terms are the transfer's, which never change: a
 * fingerprint of the command would only turn every leg in flight into "key reused" the day its
 * encoding changed. The version is for a day the legs' meaning does.
 */
export const LEG_FINGERPRINT = 'transfer-leg/v1';

/** How the account answered a leg, as recorded under the leg's idempotency key. */
type LegAnswer = { readonly kind: 'accepted' } | { readonly kind: 'refused'; readonly code: AccountErrorCode };

/** How far one call of `advance` took a transfer. */
export type AdvanceOutcome =
  | { readonly kind: 'final'; readonly status: 'completed' | 'failed' | 'reversed' }
  /** The refund was refused: nothing more this process can do (see `nextLeg`). */
  | { readonly kind: 'stuck'; readonly code: AccountErrorCode }
  /** No `TransferRequested` in the store (yet): the event that woke us came from elsewhere. */
  | { readonly kind: 'unknown' };

export interface TransferLegsOptions {
  readonly store: CommandStore;
  readonly idempotency: CommandIdempotency;
  readonly commandMaxAttempts: number;
  readonly snapshotEvery: number;
  /** Each leg sent and its answer, for metrics. */
  readonly onLeg?: (leg: NextLeg['leg'], answer: LegAnswer['kind']) => void;
  /** The time each append is stamped with (`occurredAt`); the clock unless a test says otherwise. */
  readonly now?: () => Date;
}

const transferFold = { initialState: transferDecider.initialState, evolve: transferDecider.evolve, decode: transferCodec.decode };

/**
 * The process manager's one piece of work: take a transfer from the state stored now to its end,
 * leg by leg. Each leg is an account command under the leg's deterministic idempotency key, so a
 * leg sent again (a redelivered event, a restart after the account answered but before the
 * transfer recorded it) is answered from the key and moves no money; then the answer is recorded
 * on the transfer, where a step already recorded changes nothing. Any failure throws with nothing
 * half-done that a retry would not finish.
 */
export class TransferLegs {
  /** Legs on one account wait for each other here instead of conflicting in the store (no bound: a batch is bounded). */
  private readonly accounts = new KeyedQueue();

  constructor(private readonly options: TransferLegsOptions) {}

  async advance(transferId: TransferId, cause: EventMetadata): Promise<AdvanceOutcome> {
    const streamId = transferStreamId(transferId);
    for (;;) {
      const { state } = await loadState(this.options.store, streamId, transferFold, undefined, undefined);
      const leg = nextLeg(state);
      if (leg === undefined) return outcomeOf(state);
      const answer = await this.send(leg, cause);
      this.options.onLeg?.(leg.leg, answer.kind);
      if (answer.kind === 'refused' && leg.onRefused === undefined) return { kind: 'stuck', code: answer.code };
      const step = answer.kind === 'accepted' ? leg.onAccepted : leg.onRefused?.(answer.code);
      if (step === undefined) throw new TransferPoisonError(transferId, `no step records the ${leg.leg}'s answer`);
      const recorded = await handleCommand(this.options.store, streamId, transferDecider, step, { codec: transferCodec, metadata: this.stamped(cause), newEventId: randomUUID });
      // The decider refuses only a step out of order, which `nextLeg` never produces: retrying cannot help.
      if (!recorded.ok) throw new TransferPoisonError(transferId, recorded.error.message);
    }
  }

  /** Each append says when it happened, not when the event that woke the transfer was read. */
  private stamped(cause: EventMetadata): EventMetadata {
    return { ...cause, occurredAt: (this.options.now?.() ?? new Date()).toISOString() };
  }

  private send(leg: NextLeg, cause: EventMetadata): Promise<LegAnswer> {
    const command = leg.accountCommand;
    const streamId = accountStreamId(command.accountId);
    const claim = { key: leg.idempotencyKey, fingerprint: LEG_FINGERPRINT };
    const metadata: EventMetadata = { ...this.stamped(cause), idempotencyKey: leg.idempotencyKey };
    return this.accounts.run(streamId, async () => {
      // Recorded as JSON under the key: a LegAnswer holds only strings.
      const outcome = await this.options.idempotency.execute(claim, async (store): Promise<JsonValue> => {
        const result = await handleCommand(store, streamId, accountDecider, command, {
          codec: accountCodec,
          metadata,
          newEventId: randomUUID,
          maxAttempts: this.options.commandMaxAttempts,
          snapshots: {
            store,
            schemaVersion: ACCOUNT_SNAPSHOT_SCHEMA_VERSION,
            every: this.options.snapshotEvery,
            toJson: (state) => accountStateToSnapshot(state) as JsonValue,
            fromJson: accountStateFromSnapshot,
          },
        });
        return result.ok ? { kind: 'accepted' } : { kind: 'refused', code: result.error.code };
      });
      // Only a future version of the legs could record another fingerprint under this key.
      if (outcome.kind === 'key-reused') throw new TransferPoisonError(command.transferId ?? '', `${leg.idempotencyKey} was recorded by another version of the legs`);
      return outcome.result as unknown as LegAnswer;
    });
  }
}

function outcomeOf(state: TransferState): AdvanceOutcome {
  if (state.status === 'completed' || state.status === 'failed' || state.status === 'reversed') return { kind: 'final', status: state.status };
  return { kind: 'unknown' };
}
