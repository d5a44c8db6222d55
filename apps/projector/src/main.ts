import { bootstrapApp, exitOnBootFailure, loadConfig } from '@ledger/platform';
import { projectorConfigSchema } from './projector.config';
import { ProjectorModule } from './projector.module';

const name = 'projector';

async function main(): Promise<void> {
  const config = loadConfig(projectorConfigSchema);
  await bootstrapApp({
    name,
    rootModule: ProjectorModule,
    config,
    openApi: { title: 'Ledger projector admin', description: 'Projection status, rebuilds and dead letters.' },
  });
}

void main().catch((error: unknown) => exitOnBootFailure(name, error));
