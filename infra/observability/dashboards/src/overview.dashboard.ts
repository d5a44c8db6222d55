import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { OpsPerSecond, PercentUnit, Seconds, Short } from '@grafana/grafana-foundation-sdk/units';
import { ledgerDashboard } from './ledger-dashboard';
import { query, stat, timeseries } from './panels';
import { maxOf, quantile, sumOf, sumRate } from './promql';
import { datasourceVariable, jobVariable } from './variables';

const ledger = 'job=~"$job"';
/** Outcomes that are the ledger's fault rather than the caller's (refused, conflict and replayed are answers). */
const serverFailures = 'outcome=~"failed|timed_out|busy"';

export function overviewDashboard(): Dashboard {
  return ledgerDashboard({
    uid: 'ledger-overview',
    title: 'Ledger / Overview',
    description: 'The whole ledger at a glance: apps up, commands, and how far behind the relay and the projections are.',
    variables: [datasourceVariable(), jobVariable('app!=""')],
    rows: [
      {
        title: 'Apps',
        panels: [
          stat({ title: 'Instances up by job', description: 'Scraped instances answering, per job (Prometheus `up`). One short of what you run is an app down.', unit: Short }, [
            query(sumOf('up', ledger, ['job']), '{{job}}'),
          ]).span(24).height(4),
        ],
      },
      {
        title: 'Commands',
        panels: [
          timeseries({ title: 'Commands by outcome', description: 'Commands the command API answered, per second, by outcome.', unit: OpsPerSecond }, [
            query(sumRate('ledger_commands_total', ledger, ['outcome']), '{{outcome}}'),
          ]),
          timeseries({ title: 'Command latency', description: 'Time to handle one command, its wait in the account queue included.', unit: Seconds }, [
            query(quantile(0.5, 'ledger_command_duration_seconds', ledger), 'p50'),
            query(quantile(0.99, 'ledger_command_duration_seconds', ledger), 'p99'),
          ]),
          timeseries({ title: 'Error ratio', description: 'Share of commands that failed, timed out or found their queue full, and share of HTTP answers that were 5xx, by app.', unit: PercentUnit }, [
            query(`${sumRate('ledger_commands_total', `${ledger}, ${serverFailures}`)} / ${sumRate('ledger_commands_total', ledger)}`, 'commands'),
            query(`${sumRate('http_request_duration_seconds_count', `${ledger}, status=~"5.."`, ['app'])} / ${sumRate('http_request_duration_seconds_count', ledger, ['app'])}`, 'HTTP 5xx {{app}}'),
          ]),
        ],
      },
      {
        title: 'Pipeline',
        panels: [
          timeseries({ title: 'Relay lag (events)', description: 'Stored events not yet published to Kafka (an upper bound).', unit: Short }, [
            query(maxOf('ledger_relay_lag_positions', ledger), 'events'),
          ]),
          timeseries({ title: 'Relay lag (seconds)', description: 'How far behind the store the relay is, in time.', unit: Seconds }, [
            query(maxOf('ledger_relay_lag_seconds', ledger), 'seconds'),
          ]),
          timeseries({ title: 'Projection lag (events)', description: 'Events on Kafka past what each projection stored.', unit: Short }, [
            query(maxOf('ledger_projection_lag_events', ledger, ['projection']), '{{projection}}'),
          ]),
          timeseries({ title: 'Projection lag (seconds)', description: 'Age of the newest applied event while a projection is behind.', unit: Seconds }, [
            query(maxOf('ledger_projection_lag_seconds', ledger, ['projection']), '{{projection}}'),
          ]),
          timeseries({ title: 'Projector applied events', description: 'Events applied to the read models per second, by projection.', unit: OpsPerSecond }, [
            query(sumRate('ledger_projection_events_total', `${ledger}, outcome="applied"`, ['projection']), '{{projection}}'),
          ]),
          timeseries({ title: 'Dead letters open', description: 'Open dead letters per projection; each holds its stream until an operator acts.', unit: Short }, [
            query(maxOf('ledger_projection_dead_letters_open', ledger, ['projection']), '{{projection}}'),
          ]),
        ],
      },
      {
        title: 'Transfers',
        panels: [
          timeseries({ title: 'Transfers by outcome', description: 'Transfers the processor took as far as they go, per second; stuck and poisoned ones wait for an operator.', unit: OpsPerSecond }, [
            query(sumRate('ledger_transfers_advanced_total', ledger, ['outcome']), '{{outcome}}'),
          ]).span(24),
        ],
      },
    ],
  });
}
