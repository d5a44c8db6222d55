import {
  decodeTransferEvent,
  encodeTransferEvent,
  transferDecider,
  transferStreamId,
  type RequestTransfer,
  type TransferEvent,
} from '@ledger/domain';
import { handleCommand, type CommandIdempotency, type CommandStore, type EventCodec, type JsonValue } from '@ledger/event-store';
import { APP_CONFIG, LOGGER, type AppLogger } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../commands/command-context';
import { failureOutcomeOf, problemOf } from '../commands/command-failure';
import { CommandMetrics } from '../commands/command-metrics';
import { runIdempotently } from '../commands/run-idempotently';
import { withinDeadline } from '../commands/within-deadline';
import type { CommandApiConfig } from '../command-api.config';
import { EventStoreReadiness } from '../event-store/event-store-readiness';
import { eventStoreTimeout } from '../event-store/event-store-timeout';
import { COMMAND_IDEMPOTENCY, EVENT_STORE } from '../event-store/event-store.tokens';
import type { TransferCommandReply, TransferCommandResult } from './transfer-command-result';
import { transferPartiesOf } from './transfer-parties';

const codec: EventCodec<TransferEvent> = {
  encode: (event) => encodeTransferEvent(event) as { type: string; schemaVersion: number; data: JsonValue },
  decode: (recorded) => decodeTransferEvent(recorded),
};

/** The request as the client sent it, before the accounts' owners are known. */
export type TransferRequest = Omit<RequestTransfer, 'type' | 'fromOwnerId' | 'toOwnerId'>;

/**
 * Starts a transfer: checks both accounts as API.md asks at request time, then appends
 * `TransferRequested` to the new transfer stream, at most once per Idempotency-Key. Moving the
 * money is the process manager's work (apps/transfer-processor), so this answers 202.
 */
@Injectable()
export class TransferRequestRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: CommandStore,
    @Inject(COMMAND_IDEMPOTENCY) private readonly idempotency: CommandIdempotency,
    @Inject(APP_CONFIG) private readonly config: CommandApiConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly readiness: EventStoreReadiness,
    private readonly metrics: CommandMetrics,
  ) {}

  async run(request: TransferRequest, context: CommandContext): Promise<TransferCommandReply> {
    const startedAt = process.hrtime.bigint();
    try {
      this.readiness.assertReady();
      const work =
        context.idempotency === undefined
          ? this.decide(this.store, request, context).then((result) => ({ replayed: false, result }))
          : runIdempotently(this.idempotency, context.idempotency, (store) => this.decide(store, request, context));
      const reply = await withinDeadline(work, this.config.commandTimeoutMs, () => eventStoreTimeout());
      this.metrics.record('RequestTransfer', reply.replayed ? 'replayed' : reply.result.kind, startedAt);
      this.logger.info(
        { correlationId: context.metadata.correlationId, command: 'RequestTransfer', streamId: transferStreamId(request.transferId), outcome: reply.result.kind, ...(reply.result.kind === 'refused' ? { code: reply.result.error.code } : {}) },
        'command handled',
      );
      return reply;
    } catch (error) {
      this.metrics.record('RequestTransfer', failureOutcomeOf(error), startedAt);
      throw problemOf(error, { noun: 'transfer', id: request.transferId });
    }
  }

  private async decide(store: CommandStore, request: TransferRequest, context: CommandContext): Promise<TransferCommandResult> {
    const parties = await transferPartiesOf(store, context.principal, request.fromAccountId, request.toAccountId, request.amount);
    if ('code' in parties) return { kind: 'refused', error: parties };
    const streamId = transferStreamId(request.transferId);
    const command: RequestTransfer = { type: 'RequestTransfer', ...request, ...parties };
    const result = await handleCommand(store, streamId, transferDecider, command, { codec, metadata: context.metadata, newEventId: randomUUID });
    if (!result.ok) return { kind: 'refused', error: result.error };
    return { kind: 'accepted', transferId: request.transferId, streamId, revision: Number(result.revision), position: result.position.toString(), status: 'pending' };
  }
}
