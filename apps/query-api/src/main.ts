import '@ledger/platform/require-supported-node';
import './tracing';
import { bootstrapApp, exitOnBootFailure, loadConfig } from '@ledger/platform';
import { queryApiConfigSchema } from './query-api.config';
import { queryApiDefinition } from './query-api.definition';

async function main(): Promise<void> {
  await bootstrapApp(queryApiDefinition(loadConfig(queryApiConfigSchema)));
}

void main().catch((error: unknown) => exitOnBootFailure('query-api', error));
