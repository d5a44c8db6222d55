import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigSchema } from '@ledger/platform';
import { commandApiConfigSchema } from '../../../apps/command-api/src/command-api.config';
import { eventRelayConfigSchema } from '../../../apps/event-relay/src/event-relay.config';
import { migrateConfigSchema } from '../../../apps/projector/src/cli/migrate/migrate-config';
import { projectorConfigSchema } from '../../../apps/projector/src/projector.config';
import { queryApiConfigSchema } from '../../../apps/query-api/src/query-api.config';
import { transferProcessorConfigSchema } from '../../../apps/transfer-processor/src/transfer-processor.config';
import { appEnvironmentProblems } from '../../compose/src/app-environment';
import { repoRoot } from '../../local/src/paths';
import { componentOf, ofKind, type Container, type Rendered, type Workload } from './rendered-objects';

/**
 * What each rendered workload's environment means to its app. The source of truth is the config
 * schema the app loads at boot (the one docs/configuration.md is held to by
 * tests/system/test/docs.unit.spec.ts), and the judgement is the one compose.yaml's test passes on
 * its services (infra/compose/src/app-environment.ts): a variable the app does not read, a value
 * it refuses at boot, or a variable left to a default that differs between development and
 * production.
 */
const schemas: Readonly<Record<string, ConfigSchema>> = {
  'command-api': commandApiConfigSchema,
  'query-api': queryApiConfigSchema,
  projector: projectorConfigSchema,
  'event-relay': eventRelayConfigSchema,
  'transfer-processor': transferProcessorConfigSchema,
  // The migration Job runs `ledger migrate`.
  migrate: migrateConfigSchema,
};

export function schemaOf(app: string): ConfigSchema {
  const schema = schemas[app];
  if (schema === undefined) throw new Error(`no config schema is known for ${app}`);
  return schema;
}

/**
 * Credentials come from the Secret, which only exists in the cluster: these stand in for them, in
 * the form each app accepts. A credential without a stand-in is a problem, so a new one is seen.
 */
const credentialStandIns: Readonly<Record<string, string>> = {
  DATABASE_URL: 'postgresql://ledger:secret@postgres.example.com:5432/ledger?sslmode=require',
  DATABASE_DIRECT_URL: 'postgresql://ledger:secret@postgres.example.com:5432/ledger?sslmode=require',
  READ_DATABASE_URL: 'postgresql://ledger:secret@postgres-replica.example.com:5432/ledger?sslmode=require',
  MONGODB_URL: 'mongodb+srv://ledger:secret@cluster0.example.mongodb.net/ledger',
  REDIS_URL: 'rediss://:secret@redis.example.com:6380',
  KAFKA_SASL_USERNAME: 'ledger',
  KAFKA_SASL_PASSWORD: 'secret',
  KURRENTDB_URL: 'kurrentdb+discover://kurrentdb.example.com:2113?tls=true',
};

let platformReads: ReadonlySet<string> | undefined;

/**
 * Read by every app beside its schema: what packages/platform/src/config reads from its source
 * directly (`source['NODE_ENV']`, the OpenTelemetry variables of tracing-env.ts).
 */
export function readOutsideSchemas(): ReadonlySet<string> {
  if (platformReads !== undefined) return platformReads;
  const dir = join(repoRoot, 'packages', 'platform', 'src', 'config');
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.spec.ts'))) {
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/\bsource\[['"]([A-Z][A-Z0-9_]*)['"]\]/g)) found.add(match[1] ?? '');
  }
  platformReads = found;
  return found;
}

/** A container's environment as the app would see it: its ConfigMaps, then its own entries. */
function environmentOf(container: Container, configMaps: ReadonlyMap<string, Readonly<Record<string, string>>>, problems: string[]): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    if (name === undefined) continue;
    const data = configMaps.get(name);
    if (data === undefined) problems.push(`${container.name}: reads the ConfigMap ${name}, which the chart does not render`);
    Object.assign(environment, data ?? {});
  }
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) environment[entry.name] = entry.value;
    else if (entry.valueFrom?.secretKeyRef !== undefined) {
      const standIn = credentialStandIns[entry.name];
      if (standIn === undefined) problems.push(`${container.name}: ${entry.name} comes from the Secret, and the test has no stand-in for it`);
      environment[entry.name] = standIn ?? '';
    } else environment[entry.name] = '';
  }
  return environment;
}

/** Every problem of every Deployment's and Job's environment, one line each (`<app>: …`). */
export function environmentProblems(objects: readonly Rendered[]): string[] {
  const configMaps = new Map(ofKind(objects, 'ConfigMap').map((configMap) => [configMap.metadata.name, configMap.data ?? {}]));
  const problems: string[] = [];
  for (const workload of [...ofKind<Workload>(objects, 'Deployment'), ...ofKind<Workload>(objects, 'Job')]) {
    const app = componentOf(workload);
    for (const container of workload.spec.template.spec.containers) {
      const environment = environmentOf(container, configMaps, problems);
      problems.push(...appEnvironmentProblems({ service: app, schema: schemaOf(app), environment, alsoRead: readOutsideSchemas() }));
    }
  }
  return problems;
}
