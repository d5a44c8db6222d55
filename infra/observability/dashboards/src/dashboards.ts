import { resolve } from 'node:path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { commandApiDashboard } from './command-api.dashboard';
import { eventRelayDashboard } from './event-relay.dashboard';
import { overviewDashboard } from './overview.dashboard';
import { projectorDashboard } from './projector.dashboard';
import { queryApiDashboard } from './query-api.dashboard';
import { transferProcessorDashboard } from './transfer-processor.dashboard';

/** Where the generated JSON is committed, for Grafana to import or provision. */
export const dashboardsDir = resolve(__dirname, '..');

export interface DashboardFile {
  /** Its name in dashboardsDir. */
  readonly fileName: string;
  readonly dashboard: Dashboard;
}

/** Every committed dashboard; one added here is generated and checked by the unit test. */
export function ledgerDashboards(): DashboardFile[] {
  return [
    { fileName: 'ledger-overview.json', dashboard: overviewDashboard() },
    { fileName: 'ledger-command-api.json', dashboard: commandApiDashboard() },
    { fileName: 'ledger-query-api.json', dashboard: queryApiDashboard() },
    { fileName: 'ledger-event-relay.json', dashboard: eventRelayDashboard() },
    { fileName: 'ledger-projector.json', dashboard: projectorDashboard() },
    { fileName: 'ledger-transfer-processor.json', dashboard: transferProcessorDashboard() },
  ];
}
