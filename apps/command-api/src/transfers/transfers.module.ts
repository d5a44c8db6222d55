import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { RequestTransferController } from './request-transfer/request-transfer.controller';
import { RequestTransferHandler } from './request-transfer/request-transfer.handler';
import { TransferRequestRunner } from './transfer-request.runner';

/** `POST /transfers` (API.md "Transfers"): the request only; the process manager moves the money. */
@Module({
  imports: [EventStoreModule, CommandsModule],
  controllers: [RequestTransferController],
  providers: [TransferRequestRunner, RequestTransferHandler],
})
export class TransfersModule {}
