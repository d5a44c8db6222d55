import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { httpLatencyPanel, httpRatePanel } from './http.panels';
import { ledgerDashboard } from './ledger-dashboard';
import { poolPanels } from './pool.panels';
import { appSelector, datasourceVariable, instanceVariable, jobVariable } from './variables';

const app = 'query-api';
const selector = appSelector(app);

export function queryApiDashboard(): Dashboard {
  return ledgerDashboard({
    uid: 'ledger-query-api',
    title: 'Ledger / Query API',
    description: 'Queries by route and status, their latency (read-your-writes waits included), and the database pools.',
    variables: [datasourceVariable(), jobVariable(`app="${app}"`), instanceVariable(app)],
    rows: [
      { title: 'Latency', panels: [httpLatencyPanel(0.5, selector), httpLatencyPanel(0.99, selector)] },
      { title: 'Requests', panels: [httpRatePanel(selector, ['status']), httpRatePanel(selector, ['route'])] },
      { title: 'Connection pools', panels: poolPanels(selector) },
    ],
  });
}
