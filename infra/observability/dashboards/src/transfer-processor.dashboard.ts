import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { OpsPerSecond, Short } from '@grafana/grafana-foundation-sdk/units';
import { ledgerDashboard } from './ledger-dashboard';
import { query, stat, timeseries } from './panels';
import { sumOf, sumRate } from './promql';
import { appSelector, datasourceVariable, instanceVariable, jobVariable } from './variables';

const app = 'transfer-processor';
const selector = appSelector(app);

export function transferProcessorDashboard(): Dashboard {
  return ledgerDashboard({
    uid: 'ledger-transfer-processor',
    title: 'Ledger / Transfer processor',
    description: 'The account commands the processor sends for each transfer, where transfers end, and those waiting to retry.',
    variables: [datasourceVariable(), jobVariable(`app="${app}"`), instanceVariable(app)],
    rows: [
      {
        title: 'Transfers',
        panels: [
          timeseries({ title: 'Legs by leg and answer', description: 'Account commands sent per second: debit, credit or refund, accepted or refused (a leg replayed after a crash counts again).', unit: OpsPerSecond }, [
            query(sumRate('ledger_transfer_legs_total', selector, ['leg', 'answer']), '{{leg}} {{answer}}'),
          ]),
          timeseries({ title: 'Transfers advanced by outcome', description: 'completed, failed, reversed; stuck and poisoned wait for an operator; unknown was woken for a transfer the store does not hold.', unit: OpsPerSecond }, [
            query(sumRate('ledger_transfers_advanced_total', selector, ['outcome']), '{{outcome}}'),
          ]),
          stat({ title: 'Retrying now', description: 'Transfers waiting between attempts; each holds its partition, so a value that stays above 0 is a partition standing still.', unit: Short }, [
            query(sumOf('ledger_transfers_retrying', selector), 'retrying'),
          ]).span(6),
          timeseries({ title: 'Retrying by instance', description: 'Transfers waiting between attempts after a failure that may pass (the store away, conflicts).', unit: Short }, [
            query(sumOf('ledger_transfers_retrying', selector, ['instance']), '{{instance}}'),
          ]).span(18),
        ],
      },
    ],
  });
}
