import { bootstrapApp, exitOnBootFailure, loadConfig } from '@ledger/platform';
import { commandApiConfigSchema } from './command-api.config';
import { CommandApiModule } from './command-api.module';
import { commandErrorStatuses } from './command-error-statuses';

const name = 'command-api';

async function main(): Promise<void> {
  const config = loadConfig(commandApiConfigSchema);
  await bootstrapApp({
    name,
    rootModule: CommandApiModule,
    config,
    domainErrorStatuses: commandErrorStatuses,
    openApi: { title: 'Ledger command API', description: 'Commands on bank accounts (API.md, version 1).' },
  });
}

void main().catch((error: unknown) => exitOnBootFailure(name, error));
