import type { ConfigSchema } from '@ledger/platform';
import { appCommand, composeApps, ledgerApps, type LedgerApp } from './compose-apps';
import type { ComposeDocument, ComposeService } from './compose-model';
import { interpolate } from './interpolate';

/** Every app's config schema, as its `main.ts` loads it. */
export type AppSchemas = Readonly<Record<LedgerApp, ConfigSchema>>;

/** The app a service runs, read from its command (the app's name, for the image's entry point). */
export function appOf(service: ComposeService): LedgerApp | undefined {
  const command = service.command?.join(' ') ?? '';
  return ledgerApps.find((app) => command === appCommand(app).join(' '));
}

/** A service's environment as Compose hands it to the container, for a shell with `variables` set. */
export function interpolatedEnvironment(service: ComposeService, variables: Readonly<Record<string, string | undefined>>): Record<string, string | null> {
  return Object.fromEntries(Object.entries(service.environment).map(([name, value]) => [name, value === null ? null : interpolate(value, variables)]));
}

/** The value a variable of the schema takes in this environment (its default when unset). */
export function effectiveValue(schema: ConfigSchema, environment: Readonly<Record<string, string | null>>, variableName: string): unknown {
  const variable = Object.values(schema).find((candidate) => candidate.name === variableName);
  if (variable === undefined) throw new Error(`no variable ${variableName} in this schema`);
  const source = Object.fromEntries(Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== null));
  return variable.parse(source[variableName], source);
}

/**
 * Where the app services differ from the instances the gateway and Prometheus configs were
 * generated for (compose-apps.ts), and from how the release runs: each instance runs its app's
 * command, listens on the port the generated configs name, reports ready on it, and starts only
 * after the `migrate` service finished (the apps do not migrate: MIGRATE_ON_BOOT=false).
 */
export function appServiceProblems(document: ComposeDocument, schemas: AppSchemas): string[] {
  const problems: string[] = [];
  const expected = new Map(composeApps.map((instance) => [instance.service, instance]));
  for (const service of Object.values(document.services)) {
    const app = appOf(service);
    if (app !== undefined && expected.get(service.name)?.app !== app) problems.push(`${service.name}: runs ${app}, but the generated configs do not know this instance`);
  }
  for (const { service: name, app, port } of composeApps) {
    const service = document.services[name];
    if (service === undefined) {
      problems.push(`${name}: missing (the generated nginx.conf and prometheus.yml route to it)`);
      continue;
    }
    if (appOf(service) !== app) problems.push(`${name}: does not run ${appCommand(app).join(' ')}`);
    const portVariable = schemas[app]['port']?.name ?? `${app} port`;
    if (service.environment[portVariable] !== String(port)) problems.push(`${name}: ${portVariable} is not ${port}, where the gateway and Prometheus reach it`);
    if (!(service.healthcheckTest ?? []).some((part) => part.includes(`http://127.0.0.1:${port}/health/ready`))) problems.push(`${name}: its healthcheck does not ask /health/ready on port ${port}`);
    if (service.dependsOn['migrate']?.condition !== 'service_completed_successfully') problems.push(`${name}: does not wait for the migrate service to complete`);
    const migrates = Object.values(schemas[app]).some((variable) => variable.name === 'MIGRATE_ON_BOOT');
    if (migrates && service.environment['MIGRATE_ON_BOOT'] !== 'false') problems.push(`${name}: MIGRATE_ON_BOOT is not "false": the migrate service migrates`);
  }
  return problems;
}
