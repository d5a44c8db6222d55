import '@ledger/platform/require-supported-node';
import './tracing';
import { bootstrapApp, exitOnBootFailure, loadConfig } from '@ledger/platform';
import { commandApiConfigSchema } from './command-api.config';
import { commandApiDefinition } from './command-api.definition';

async function main(): Promise<void> {
  await bootstrapApp(commandApiDefinition(loadConfig(commandApiConfigSchema)));
}

void main().catch((error: unknown) => exitOnBootFailure('command-api', error));
