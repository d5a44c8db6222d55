import {
  decodeTransferEvent,
  encodeTransferEvent,
  transferDecider,
  transferStreamId,
  type RequestTransfer,
  type TransferEvent,
} from '@ledger/domain';
import { handleCommand, type CommandIdempotency, type CommandStore, type EventCodec, type JsonValue } from '@ledger/event-store';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../commands/command-context';
import { CommandExecution } from '../commands/command-execution';
import { runIdempotently } from '../commands/run-idempotently';
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
    private readonly execution: CommandExecution,
  ) {}

  run(request: TransferRequest, context: CommandContext): Promise<TransferCommandReply> {
    const run = { type: 'RequestTransfer', streamId: transferStreamId(request.transferId), target: { noun: 'transfer', id: request.transferId } } as const;
    return this.execution.execute(run, context, () =>
      context.idempotency === undefined
        ? this.decide(this.store, request, context).then((result) => ({ replayed: false, result }))
        : runIdempotently(this.idempotency, context.idempotency, (store) => this.decide(store, request, context)),
    );
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
