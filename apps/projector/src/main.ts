import '@ledger/platform/require-supported-node';
import './tracing';
import { bootstrapApp, exitOnBootFailure, loadConfig } from '@ledger/platform';
import { projectorConfigSchema } from './projector.config';
import { projectorDefinition } from './projector.definition';

async function main(): Promise<void> {
  await bootstrapApp(projectorDefinition(loadConfig(projectorConfigSchema)));
}

void main().catch((error: unknown) => exitOnBootFailure('projector', error));
