import { mongodbConnection, postgresConnection } from '@ledger/platform';
import { Module } from '@nestjs/common';

/** The read side. Query modules (get-account/, list-transactions/, ...) are added here. */
@Module({ imports: [postgresConnection('query-api'), mongodbConnection('query-api')] })
export class QueryApiModule {}
