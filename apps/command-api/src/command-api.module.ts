import { Module } from '@nestjs/common';
import { PostgresModule } from './infrastructure/postgres.module';

/** The command side. Use-case modules (open-account/, deposit-money/, ...) are added here. */
@Module({ imports: [PostgresModule] })
export class CommandApiModule {}
