import { mongodbConnection, postgresConnection } from '@ledger/platform';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetAccountController } from './accounts/get-account/get-account.controller';
import { GetAccountHandler } from './accounts/get-account/get-account.handler';
import { ListAccountsController } from './accounts/list-accounts/list-accounts.controller';
import { ListAccountsHandler } from './accounts/list-accounts/list-accounts.handler';
import { ListTransactionsController } from './accounts/list-transactions/list-transactions.controller';
import { ListTransactionsHandler } from './accounts/list-transactions/list-transactions.handler';
import { GetPortfolioController } from './portfolios/get-portfolio/get-portfolio.controller';
import { GetPortfolioHandler } from './portfolios/get-portfolio/get-portfolio.handler';
import { QueryCacheModule } from './query-cache/query-cache.module';
import { AccountSummaries } from './read-models/account-summaries';
import { AccountTransactions } from './read-models/account-transactions';
import { CustomerPortfolios } from './read-models/customer-portfolios';
import { LiveCopies } from './read-models/live-copies';
import { ProjectionProgress } from './read-models/projection-progress';
import { ReadModelGenerations } from './read-models/read-model-generations';
import { ReadReplicaLag } from './read-models/read-replica-lag';
import { ReadYourWrites } from './read-models/read-your-writes';
import { RevisionWaiters } from './read-models/revision-waiters';
import { TransferSummaries } from './read-models/transfer-summaries';
import { GetTransferController } from './transfers/get-transfer/get-transfer.controller';
import { GetTransferHandler } from './transfers/get-transfer/get-transfer.handler';

/** The read side of API.md over QueryBus: PostgreSQL read models (accounts, transactions, transfers) and the MongoDB portfolio. */
@Module({
  imports: [CqrsModule.forRoot(), postgresConnection('query-api', { reads: 'replica' }), mongodbConnection('query-api', { optional: true }), QueryCacheModule],
  controllers: [ListAccountsController, GetAccountController, ListTransactionsController, GetPortfolioController, GetTransferController],
  providers: [
    AccountSummaries,
    AccountTransactions,
    CustomerPortfolios,
    TransferSummaries,
    LiveCopies,
    ReadModelGenerations,
    ProjectionProgress,
    RevisionWaiters,
    ReadReplicaLag,
    ReadYourWrites,
    GetAccountHandler,
    ListAccountsHandler,
    ListTransactionsHandler,
    GetPortfolioHandler,
    GetTransferHandler,
  ],
})
export class QueryApiModule {}
