import { parseAccountId, parseTransferId } from '@ledger/domain';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { moneyMovementOf } from '../../commands/money-movement.request';
import { validated } from '../../commands/validated';
import type { TransferCommandReply } from '../transfer-command-result';
import { TransferRequestRunner } from '../transfer-request.runner';
import { RequestTransferCommand } from './request-transfer.command';

@CommandHandler(RequestTransferCommand)
export class RequestTransferHandler implements ICommandHandler<RequestTransferCommand> {
  constructor(private readonly runner: TransferRequestRunner) {}

  execute({ request, context }: RequestTransferCommand): Promise<TransferCommandReply> {
    return this.runner.run(
      {
        transferId: validated(parseTransferId(request.transferId ?? randomUUID())),
        fromAccountId: validated(parseAccountId(request.fromAccountId)),
        toAccountId: validated(parseAccountId(request.toAccountId)),
        ...moneyMovementOf(request),
      },
      context,
    );
  }
}
