import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { AccountCommandRunner } from './account-command.runner';
import { CloseAccountController } from './close-account/close-account.controller';
import { CloseAccountHandler } from './close-account/close-account.handler';
import { DepositMoneyController } from './deposit-money/deposit-money.controller';
import { DepositMoneyHandler } from './deposit-money/deposit-money.handler';
import { FreezeAccountController } from './freeze-account/freeze-account.controller';
import { FreezeAccountHandler } from './freeze-account/freeze-account.handler';
import { OpenAccountController } from './open-account/open-account.controller';
import { OpenAccountHandler } from './open-account/open-account.handler';
import { UnfreezeAccountController } from './unfreeze-account/unfreeze-account.controller';
import { UnfreezeAccountHandler } from './unfreeze-account/unfreeze-account.handler';
import { WithdrawMoneyController } from './withdraw-money/withdraw-money.controller';
import { WithdrawMoneyHandler } from './withdraw-money/withdraw-money.handler';

/** The account commands of API.md, one vertical slice per command. */
@Module({
  imports: [EventStoreModule, CommandsModule],
  controllers: [
    OpenAccountController,
    DepositMoneyController,
    WithdrawMoneyController,
    FreezeAccountController,
    UnfreezeAccountController,
    CloseAccountController,
  ],
  providers: [
    AccountCommandRunner,
    OpenAccountHandler,
    DepositMoneyHandler,
    WithdrawMoneyHandler,
    FreezeAccountHandler,
    UnfreezeAccountHandler,
    CloseAccountHandler,
  ],
})
export class AccountsModule {}
