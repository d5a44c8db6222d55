import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { OpsPerSecond, Seconds, Short } from '@grafana/grafana-foundation-sdk/units';
import { httpLatencyPanel, httpRatePanel } from './http.panels';
import { ledgerDashboard } from './ledger-dashboard';
import { query, timeseries } from './panels';
import { poolPanels } from './pool.panels';
import { mean, quantile, sumRate } from './promql';
import { appSelector, datasourceVariable, instanceVariable, jobVariable } from './variables';

const app = 'command-api';
const selector = appSelector(app);

export function commandApiDashboard(): Dashboard {
  return ledgerDashboard({
    uid: 'ledger-command-api',
    title: 'Ledger / Command API',
    description: 'Commands by type and outcome, their latency, the event store appends behind them, HTTP and the database pools.',
    variables: [datasourceVariable(), jobVariable(`app="${app}"`), instanceVariable(app)],
    rows: [
      {
        title: 'Commands',
        panels: [
          timeseries({ title: 'Commands by command', description: 'Commands handled per second, by type.', unit: OpsPerSecond }, [
            query(sumRate('ledger_commands_total', selector, ['command']), '{{command}}'),
          ]),
          timeseries({ title: 'Outcomes by command', description: 'accepted, refused (a business rule), replayed (idempotency key), conflict, revision_mismatch, busy (queue full), timed_out, failed.', unit: OpsPerSecond }, [
            query(sumRate('ledger_commands_total', selector, ['command', 'outcome']), '{{command}} {{outcome}}'),
          ]),
          timeseries({ title: 'Command latency p50 by command', description: 'Median time to handle a command, its wait in the account queue included.', unit: Seconds }, [
            query(quantile(0.5, 'ledger_command_duration_seconds', selector, ['command']), '{{command}}'),
          ]),
          timeseries({ title: 'Command latency p99 by command', description: 'The slowest 1% of commands; COMMAND_TIMEOUT_MS bounds it.', unit: Seconds }, [
            query(quantile(0.99, 'ledger_command_duration_seconds', selector, ['command']), '{{command}}'),
          ]),
        ],
      },
      {
        title: 'Event store',
        panels: [
          timeseries({ title: 'Append latency', description: 'Time of one append to the event store, by outcome.', unit: Seconds }, [
            query(quantile(0.5, 'ledger_event_store_append_duration_seconds', selector, ['outcome']), 'p50 {{outcome}}'),
            query(quantile(0.99, 'ledger_event_store_append_duration_seconds', selector, ['outcome']), 'p99 {{outcome}}'),
          ]),
          timeseries({ title: 'Events per append', description: 'Batch size of appends: how many events one command stores.', unit: Short }, [
            query(mean('ledger_event_store_append_events', selector), 'mean'),
            query(quantile(0.99, 'ledger_event_store_append_events', selector), 'p99'),
          ]),
        ],
      },
      { title: 'HTTP', panels: [httpRatePanel(selector, ['route', 'status']), httpLatencyPanel(0.99, selector)] },
      { title: 'Connection pools', panels: poolPanels(selector) },
    ],
  });
}
