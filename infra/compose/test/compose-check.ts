import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '@ledger/platform';
import { defaultKafkaVersion } from '../../local/src/components/kafka';
import { repoRoot } from '../../local/src/paths';
import { appEnvironmentProblems, variablesOf } from '../src/app-environment';
import { appOf, effectiveValue, interpolatedEnvironment, appServiceProblems } from '../src/app-services';
import { composeDir, migrateCommand } from '../src/compose-apps';
import { GATEWAY_PORT } from '../src/compose-files';
import type { ComposeDocument } from '../src/compose-model';
import { identityProblems, type Realm } from '../src/identity';
import { missingFileProblems } from '../src/mounts';
import { documentedComposePorts, portProblems, section } from '../src/ports';
import { serverProblems, type RunningApp } from '../src/servers';
import { appSchemas, docs, migrateConfigSchema, readOutsideSchemas } from './app-schemas';

/** The shells compose.yaml is run from: as it is, and moved to KurrentDB (docs/deploying.md). */
export const scenarios: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'docker compose up': {},
  'EVENT_STORE=kurrentdb docker compose --profile kurrentdb up': { EVENT_STORE: 'kurrentdb' },
};

/** Each app service with its environment as Compose hands it over in one scenario. */
function appServices(document: ComposeDocument, variables: Readonly<Record<string, string>>) {
  return Object.values(document.services).flatMap((service) => {
    const app = appOf(service);
    return app === undefined ? [] : [{ service: service.name, app, environment: interpolatedEnvironment(service, variables) }];
  });
}

/**
 * (2) Every app's environment against what the app reads: the problems of the plain run, then
 * those only another scenario has, named after it.
 */
export function environmentProblems(document: ComposeDocument): string[] {
  const alsoRead = readOutsideSchemas();
  const [plain, ...others] = Object.entries(scenarios).map(([scenario, variables]) => ({
    scenario,
    problems: appServices(document, variables).flatMap(({ service, app, environment }) => appEnvironmentProblems({ service, schema: appSchemas[app], environment, alsoRead })),
  }));
  const first = plain?.problems ?? [];
  const seen = new Set(first);
  return [...first, ...others.flatMap(({ scenario, problems }) => problems.filter((problem) => !seen.has(problem)).map((problem) => `with ${scenario}: ${problem}`))];
}

/**
 * The one-shot migrate service (`ledger migrate`), like an app: against the config schema the
 * CLI loads, in every scenario, and with the apps' database and event store choice (on KurrentDB
 * there is no event store schema to migrate).
 */
export function migrateProblems(document: ComposeDocument): string[] {
  const migrate = document.services['migrate'];
  if (migrate === undefined) return ['migrate: missing'];
  const problems = Object.values(scenarios).flatMap((variables) =>
    appEnvironmentProblems({ service: 'migrate', schema: migrateConfigSchema, environment: interpolatedEnvironment(migrate, variables), alsoRead: new Set(['NODE_ENV']) }),
  );
  for (const name of ['DATABASE_URL', 'EVENT_STORE']) {
    const appValue = document.services['command-api-1']?.environment[name];
    if (migrate.environment[name] !== appValue) problems.push(`migrate: ${name} is ${migrate.environment[name] ?? 'unset'}, the apps' is ${appValue ?? 'unset'}`);
  }
  if (migrate.command?.join(' ') !== migrateCommand.join(' ')) problems.push('migrate: does not run `ledger migrate`');
  return [...new Set(problems)];
}

/** (3) Files and volumes. */
export function fileProblems(document: ComposeDocument): string[] {
  return missingFileProblems(document, repoRoot);
}

/** Services whose port on the machine is one API.md names, and the variables holding it in docs/configuration.md. */
export const canonicalPorts: Readonly<Record<string, readonly string[]>> = {
  gateway: ['LEDGER_GATEWAY_PORT'],
  keycloak: ['LEDGER_OIDC_PORT'],
  jaeger: ['LEDGER_JAEGER_PORT', 'LEDGER_JAEGER_OTLP_HTTP_PORT'],
  prometheus: ['LEDGER_PROMETHEUS_PORT'],
};

/** (4) Ports on the machine against the docs. */
export function publishedPortProblems(document: ComposeDocument, deployingMd = docs.deploying): string[] {
  const documented = documentedComposePorts(section(deployingMd, 'Docker Compose') ?? '');
  if (documented.size === 0) return ['docs/deploying.md: no table of the compose services under "## Docker Compose"'];
  return portProblems(document, { documented, canonical: canonicalPorts, configurationMd: docs.configuration });
}

export const realm = JSON.parse(readFileSync(join(composeDir, 'keycloak', 'ledger-realm.json'), 'utf8')) as Realm;

/** The apps' identity settings against the realm Keycloak imports. */
export function realmProblems(document: ComposeDocument, theRealm: Realm = realm): string[] {
  const environments = Object.fromEntries(appServices(document, {}).map(({ service, environment }) => [service, environment]));
  return identityProblems(document, theRealm, environments, { roles: ROLES, providerService: 'keycloak', consoleUrl: `http://localhost:${GATEWAY_PORT}/admin/console/` });
}

/** Kafka's version and session floor, PostgreSQL's connections, against the apps' effective settings. */
export function serverSettingProblems(document: ComposeDocument): string[] {
  const sessionVariables = ['PROJECTOR_SESSION_TIMEOUT_MS', 'TRANSFER_PROCESSOR_SESSION_TIMEOUT_MS'];
  const apps: RunningApp[] = appServices(document, {}).map(({ service, app, environment }) => {
    const schema = appSchemas[app];
    const session = sessionVariables.find((name) => variablesOf(schema).has(name));
    return {
      service,
      databasePoolSize: Number(effectiveValue(schema, environment, 'DATABASE_POOL_SIZE')),
      kafkaSessionTimeoutMs: session === undefined ? undefined : Number(effectiveValue(schema, environment, session)),
    };
  });
  return serverProblems(document, apps, { kafkaVersion: defaultKafkaVersion, connectionsBesidePool: 5 });
}

export function instanceProblems(document: ComposeDocument): string[] {
  return appServiceProblems(document, appSchemas);
}
