import type { AppAuthentication, AppDefinition } from '@ledger/platform';
import type { DestinationStream } from 'pino';
import type { ProjectorConfig } from './projector.config';
import { ProjectorModule } from './projector.module';
import { projectorErrorStatuses } from './projector-error-statuses';

/** The projector as `main.ts` starts it and the tests build it: one definition, no drift. */
export function projectorDefinition(config: ProjectorConfig, logDestination?: DestinationStream, keys?: AppAuthentication['keys']): AppDefinition {
  return {
    name: 'projector',
    rootModule: ProjectorModule,
    config,
    auth: { settings: config, rateLimits: config, ...(keys === undefined ? {} : { keys }) },
    domainErrorStatuses: projectorErrorStatuses,
    openApi: { title: 'Ledger projector admin', description: 'Projection status, rebuilds and dead letters (API.md, "Projector admin").' },
    ...(logDestination === undefined ? {} : { logDestination }),
  };
}
