import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commandApiConfigSchema } from '../../../apps/command-api/src/command-api.config';
import { eventRelayConfigSchema } from '../../../apps/event-relay/src/event-relay.config';
import { migrateConfigSchema } from '../../../apps/projector/src/cli/migrate/migrate-config';
import { projectorConfigSchema } from '../../../apps/projector/src/projector.config';
import { queryApiConfigSchema } from '../../../apps/query-api/src/query-api.config';
import { transferProcessorConfigSchema } from '../../../apps/transfer-processor/src/transfer-processor.config';
import { repoRoot } from '../../local/src/paths';
import type { AppSchemas } from '../src/app-services';
import { section } from '../src/ports';

/** The schemas each app's main.ts loads: what it reads, its defaults, what it refuses. */
export const appSchemas: AppSchemas = {
  'command-api': commandApiConfigSchema,
  'query-api': queryApiConfigSchema,
  projector: projectorConfigSchema,
  'event-relay': eventRelayConfigSchema,
  'transfer-processor': transferProcessorConfigSchema,
};

/** What `ledger migrate` reads (the migrate service's command). */
export { migrateConfigSchema };

export const docs = {
  configuration: readFileSync(join(repoRoot, 'docs', 'configuration.md'), 'utf8'),
  operations: readFileSync(join(repoRoot, 'docs', 'operations.md'), 'utf8'),
  deploying: readFileSync(join(repoRoot, 'docs', 'deploying.md'), 'utf8'),
};

/**
 * Read by every app outside its schema: NODE_ENV (which decides the development defaults) and
 * the OpenTelemetry SDK's standard variables that docs/operations.md ("Traces") documents.
 */
export function readOutsideSchemas(): ReadonlySet<string> {
  const traces = section(docs.operations, 'Traces') ?? '';
  return new Set(['NODE_ENV', ...[...traces.matchAll(/\bOTEL_[A-Z_]+\b/g)].map((match) => match[0])]);
}
