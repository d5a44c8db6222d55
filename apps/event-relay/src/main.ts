import '@ledger/platform/require-supported-node';
import './tracing';
import { bootstrapApp, exitOnBootFailure, loadConfig } from '@ledger/platform';
import { eventRelayConfigSchema } from './event-relay.config';
import { EventRelayModule } from './event-relay.module';

const name = 'event-relay';

async function main(): Promise<void> {
  const config = loadConfig(eventRelayConfigSchema);
  await bootstrapApp({
    name,
    rootModule: EventRelayModule,
    config,
    auth: { settings: config },
    openApi: { title: 'Ledger event relay', description: 'Publishes stored events to Kafka.' },
  });
}

void main().catch((error: unknown) => exitOnBootFailure(name, error));
