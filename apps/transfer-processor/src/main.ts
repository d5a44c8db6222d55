import '@ledger/platform/require-supported-node';
import './tracing';
import { bootstrapApp, exitOnBootFailure, loadConfig } from '@ledger/platform';
import { transferProcessorConfigSchema } from './transfer-processor.config';
import { TransferProcessorModule } from './transfer-processor.module';

const name = 'transfer-processor';

async function main(): Promise<void> {
  const config = loadConfig(transferProcessorConfigSchema);
  await bootstrapApp({
    name,
    rootModule: TransferProcessorModule,
    config,
    auth: { settings: config },
    openApi: { title: 'Ledger transfer processor', description: 'Moves the money of requested transfers: the durable process manager.' },
  });
}

void main().catch((error: unknown) => exitOnBootFailure(name, error));
