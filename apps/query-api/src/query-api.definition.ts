import type { AppAuthentication, AppDefinition } from '@ledger/platform';
import type { DestinationStream } from 'pino';
import type { QueryApiConfig } from './query-api.config';
import { QueryApiModule } from './query-api.module';
import { queryErrorStatuses } from './query-error-statuses';

/** The query API as `main.ts` starts it and the tests build it: one definition, no drift. */
export function queryApiDefinition(config: QueryApiConfig, logDestination?: DestinationStream, keys?: AppAuthentication['keys']): AppDefinition {
  return {
    name: 'query-api',
    rootModule: QueryApiModule,
    config,
    auth: { settings: config, rateLimits: config, ...(keys === undefined ? {} : { keys }) },
    domainErrorStatuses: queryErrorStatuses,
    unavailableCode: 'READ_MODEL_UNAVAILABLE',
    openApi: { title: 'Ledger query API', description: 'Read models of accounts, transfers and portfolios (API.md, version 1).' },
    ...(logDestination === undefined ? {} : { logDestination }),
  };
}
