import { join } from 'node:path';
import { appScrapeTargets } from '../../local/src/components/prometheus-config';
import { repoRoot } from '../../local/src/paths';

export const composeFile = join(repoRoot, 'compose.yaml');
export const composeDir = join(repoRoot, 'infra', 'compose');

export const ledgerApps = ['command-api', 'query-api', 'projector', 'event-relay', 'transfer-processor'] as const;
export type LedgerApp = (typeof ledgerApps)[number];

/** One container of an app in compose.yaml: its service name and the port it listens on. */
export interface ComposeApp {
  readonly service: string;
  readonly app: LedgerApp;
  readonly port: number;
}

/** Two of each API behind the gateway (the "two instances of each API"); one of each background app. */
const instances: Readonly<Record<LedgerApp, number>> = { 'command-api': 2, 'query-api': 2, projector: 1, 'event-relay': 1, 'transfer-processor': 1 };

/**
 * Each app listens on its documented default port (API.md), the one the local stack's Prometheus
 * scrapes: every container has its own address, so nothing needs to move.
 */
export function defaultPortOf(app: LedgerApp): number {
  const target = appScrapeTargets.find((candidate) => candidate.job === app);
  const port = Number(target?.address.split(':').pop());
  if (!Number.isInteger(port)) throw new Error(`no default port for ${app} in infra/local/src/components/prometheus-config.ts`);
  return port;
}

/** Every app container of compose.yaml: `command-api-1`, `command-api-2`, …, `projector`. */
export const composeApps: readonly ComposeApp[] = ledgerApps.flatMap((app) => {
  const count = instances[app];
  const port = defaultPortOf(app);
  return Array.from({ length: count }, (_, index) => ({ service: count === 1 ? app : `${app}-${index + 1}`, app, port }));
});

/** The command that runs an app in the image, whose entry point `ledger-app` takes the app's name (infra/docker/ledger-app). */
export function appCommand(app: LedgerApp): readonly string[] {
  return [app];
}

/** `ledger migrate` in the image. */
export const migrateCommand: readonly string[] = ['ledger', 'migrate'];

export function addressesOf(app: LedgerApp): string[] {
  return composeApps.filter((instance) => instance.app === app).map(({ service, port }) => `${service}:${port}`);
}
