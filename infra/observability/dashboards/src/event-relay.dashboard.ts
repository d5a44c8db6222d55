import { type Dashboard, ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { OpsPerSecond, Seconds, Short } from '@grafana/grafana-foundation-sdk/units';
import { ledgerDashboard } from './ledger-dashboard';
import { query, stat, timeseries } from './panels';
import { maxOf, mean, quantile, sumOf, sumRate } from './promql';
import { appSelector, datasourceVariable, instanceVariable, jobVariable } from './variables';

const app = 'event-relay';
const selector = appSelector(app);

/** Exactly one leader is healthy: none publishes nothing, two would mean the lease failed. */
const oneLeader = new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
  { value: null, color: 'red' },
  { value: 1, color: 'green' },
  { value: 2, color: 'red' },
]);

export function eventRelayDashboard(): Dashboard {
  return ledgerDashboard({
    uid: 'ledger-event-relay',
    title: 'Ledger / Event relay',
    description: 'Which instance leads, how far it has published, how far behind the store it is, and how its Kafka batches go.',
    variables: [datasourceVariable(), jobVariable(`app="${app}"`), instanceVariable(app)],
    rows: [
      {
        title: 'Leadership and progress',
        panels: [
          stat({ title: 'Leaders', description: 'Instances that lead; should be exactly 1.', unit: Short }, [query(sumOf('ledger_relay_leader', selector), 'leaders')])
            .thresholds(oneLeader)
            .span(6),
          timeseries({ title: 'Leader by instance', description: '1 on the leading instance, 0 on standbys.', unit: Short }, [
            query(maxOf('ledger_relay_leader', selector, ['instance']), '{{instance}}'),
          ]).span(18),
          timeseries({ title: 'Checkpoint position', description: 'Store position up to which every event is acknowledged by Kafka.', unit: Short }, [
            query(maxOf('ledger_relay_checkpoint_position', selector), 'checkpoint'),
          ]).span(8),
          timeseries({ title: 'Lag (events)', description: 'The store’s head minus the checkpoint: an upper bound of events not yet on Kafka.', unit: Short }, [
            query(maxOf('ledger_relay_lag_positions', selector), 'events'),
          ]).span(8),
          timeseries({ title: 'Lag (seconds)', description: 'How far behind the store the relay is, in time.', unit: Seconds }, [
            query(maxOf('ledger_relay_lag_seconds', selector), 'seconds'),
          ]).span(8),
        ],
      },
      {
        title: 'Publishing',
        panels: [
          timeseries({ title: 'Events published', description: 'Events acknowledged by Kafka and checkpointed, per second (re-published duplicates after a restart included).', unit: OpsPerSecond }, [
            query(sumRate('ledger_relay_events_published_total', selector), 'events'),
          ]),
          timeseries({ title: 'Failed passes', description: 'Passes that failed (read, publish or checkpoint) and were retried from the checkpoint, per second.', unit: OpsPerSecond }, [
            query(sumRate('ledger_relay_failures_total', selector), 'failures'),
          ]),
          timeseries({ title: 'Batch size', description: 'Events per Kafka request: 1 while idle, up to RELAY_BATCH_SIZE on a backlog.', unit: Short }, [
            query(mean('ledger_relay_batch_size', selector), 'mean'),
            query(quantile(0.99, 'ledger_relay_batch_size', selector), 'p99'),
          ]),
          timeseries({ title: 'Publish duration', description: 'From handing a batch to Kafka to its checkpoint being saved.', unit: Seconds }, [
            query(quantile(0.5, 'ledger_relay_publish_duration_seconds', selector), 'p50'),
            query(quantile(0.99, 'ledger_relay_publish_duration_seconds', selector), 'p99'),
          ]),
        ],
      },
    ],
  });
}
