import { Module } from '@nestjs/common';
import { MongoDbModule } from './infrastructure/mongodb.module';
import { PostgresModule } from './infrastructure/postgres.module';

/** The read side. Query modules (get-account/, list-transactions/, ...) are added here. */
@Module({ imports: [PostgresModule, MongoDbModule] })
export class QueryApiModule {}
