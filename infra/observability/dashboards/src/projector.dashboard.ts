import { BigValueTextMode } from '@grafana/grafana-foundation-sdk/common';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { OpsPerSecond, Seconds, Short } from '@grafana/grafana-foundation-sdk/units';
import { ledgerDashboard } from './ledger-dashboard';
import { query, stat, timeseries } from './panels';
import { maxOf, quantile, sumRate } from './promql';
import { rebuildPanels } from './rebuild.panels';
import { appSelector, datasourceVariable, instanceVariable, jobVariable, listOf } from './variables';

const app = 'projector';
const selector = `${appSelector(app)}, projection=~"$projection"`;

export function projectorDashboard(): Dashboard {
  return ledgerDashboard({
    uid: 'ledger-projector',
    title: 'Ledger / Projector',
    description: 'Per projection: its state, how far behind Kafka it is, what it applies, its dead letters and any running rebuild.',
    variables: [
      datasourceVariable(),
      jobVariable(`app="${app}"`),
      instanceVariable(app),
      listOf('projection', 'Projection', `label_values(ledger_projection_state{${appSelector(app)}}, projection)`),
    ],
    rows: [
      {
        title: 'State and lag',
        panels: [
          stat({ title: 'State', description: 'Each projection’s current state: starting, running, paused, rebuilding or failed.', unit: Short }, [
            // The gauge is 1 for the current state only, so keeping the 1s names each projection's state.
            query(`${maxOf('ledger_projection_state', selector, ['projection', 'state'])} == 1`, '{{projection}}: {{state}}'),
          ])
            .textMode(BigValueTextMode.Name)
            .span(24)
            .height(4),
          timeseries({ title: 'Lag (events)', description: 'What Kafka holds past the progress the projection stored.', unit: Short }, [
            query(maxOf('ledger_projection_lag_events', selector, ['projection']), '{{projection}}'),
          ]),
          timeseries({ title: 'Lag (seconds)', description: 'The age of the newest applied event while behind.', unit: Seconds }, [
            query(maxOf('ledger_projection_lag_seconds', selector, ['projection']), '{{projection}}'),
          ]),
          timeseries({ title: 'Lag by partition (events)', description: 'Which partition holds the backlog: a hot key, or a partition no instance took.', unit: Short }, [
            query(maxOf('ledger_projection_partition_lag_events', selector, ['projection', 'topic', 'partition']), '{{projection}} {{topic}}/{{partition}}'),
          ]),
          timeseries({ title: 'Lag by partition (seconds)', description: 'Age of the newest event applied from each partition while behind, from the instance that applies it.', unit: Seconds }, [
            query(maxOf('ledger_projection_partition_lag_seconds', selector, ['projection', 'topic', 'partition']), '{{projection}} {{topic}}/{{partition}}'),
          ]),
        ],
      },
      {
        title: 'Applying',
        panels: [
          timeseries({ title: 'Applied events', description: 'Events applied per second, by projection.', unit: OpsPerSecond }, [
            query(sumRate('ledger_projection_events_total', `${selector}, outcome="applied"`, ['projection']), '{{projection}}'),
          ]),
          timeseries({ title: 'Other event outcomes', description: 'duplicate, healed (fetched from the store to fill a gap), parked (behind a dead letter), dead_lettered.', unit: OpsPerSecond }, [
            query(sumRate('ledger_projection_events_total', `${selector}, outcome!="applied"`, ['projection', 'outcome']), '{{projection}} {{outcome}}'),
          ]),
          timeseries({ title: 'Batch duration p99', description: 'Time to apply and commit one partition’s batch, retries included.', unit: Seconds }, [
            query(quantile(0.99, 'ledger_projection_batch_duration_seconds', selector, ['projection']), '{{projection}}'),
          ]),
          timeseries({ title: 'Batch duration p50', description: 'Median time to apply and commit one partition’s batch.', unit: Seconds }, [
            query(quantile(0.5, 'ledger_projection_batch_duration_seconds', selector, ['projection']), '{{projection}}'),
          ]),
        ],
      },
      {
        title: 'Dead letters',
        panels: [
          timeseries({ title: 'Dead letters open', description: 'Open dead letters, each holding its stream until an operator retries or skips it.', unit: Short }, [
            query(maxOf('ledger_projection_dead_letters_open', selector, ['projection']), '{{projection}}'),
          ]),
          timeseries({ title: 'Events waiting behind dead letters', description: 'Events parked behind open dead letters.', unit: Short }, [
            query(maxOf('ledger_projection_dead_letters_waiting', selector, ['projection']), '{{projection}}'),
          ]),
        ],
      },
      { title: 'Rebuilds', panels: rebuildPanels(selector) },
    ],
  });
}
