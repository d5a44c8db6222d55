import { bootstrapApp, exitOnBootFailure, loadConfig } from '@ledger/platform';
import { queryApiConfigSchema } from './query-api.config';
import { QueryApiModule } from './query-api.module';
import { queryErrorStatuses } from './query-error-statuses';

const name = 'query-api';

async function main(): Promise<void> {
  const config = loadConfig(queryApiConfigSchema);
  await bootstrapApp({
    name,
    rootModule: QueryApiModule,
    config,
    domainErrorStatuses: queryErrorStatuses,
    openApi: { title: 'Ledger query API', description: 'Read models of accounts and portfolios (API.md, version 1).' },
  });
}

void main().catch((error: unknown) => exitOnBootFailure(name, error));
