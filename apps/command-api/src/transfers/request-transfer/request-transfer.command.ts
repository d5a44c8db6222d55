import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import type { TransferCommandReply } from '../transfer-command-result';
import type { RequestTransferRequest } from './request-transfer.request';

export class RequestTransferCommand extends Command<TransferCommandReply> {
  constructor(
    readonly request: RequestTransferRequest,
    readonly context: CommandContext,
  ) {
    super();
  }
}
