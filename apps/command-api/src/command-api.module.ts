import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountsModule } from './accounts/accounts.module';
import { TransfersModule } from './transfers/transfers.module';

/** The command side: REST in, CommandBus, events out (API.md, "Command API"). */
@Module({ imports: [CqrsModule.forRoot(), AccountsModule, TransfersModule] })
export class CommandApiModule {}
