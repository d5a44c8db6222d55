import type { AppAuthentication, AppDefinition } from '@ledger/platform';
import type { DestinationStream } from 'pino';
import type { CommandApiConfig } from './command-api.config';
import { CommandApiModule } from './command-api.module';
import { commandErrorStatuses } from './command-error-statuses';

/** The command API as `main.ts` starts it and the tests build it: one definition, no drift. */
export function commandApiDefinition(config: CommandApiConfig, logDestination?: DestinationStream, keys?: AppAuthentication['keys']): AppDefinition {
  return {
    name: 'command-api',
    rootModule: CommandApiModule,
    config,
    auth: { settings: config, rateLimits: config, ...(keys === undefined ? {} : { keys }) },
    domainErrorStatuses: commandErrorStatuses,
    unavailableCode: 'EVENT_STORE_UNAVAILABLE',
    openApi: { title: 'Ledger command API', description: 'Commands on bank accounts (API.md, version 1).' },
    ...(logDestination === undefined ? {} : { logDestination }),
  };
}
