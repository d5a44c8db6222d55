import { postgresConnection } from '@ledger/platform';
import { Module } from '@nestjs/common';

/** The command side. Use-case modules (open-account/, deposit-money/, ...) are added here. */
@Module({ imports: [postgresConnection('command-api')] })
export class CommandApiModule {}
