import { OpsPerSecond, PercentUnit, Seconds, Short } from '@grafana/grafana-foundation-sdk/units';
import { type LedgerPanel, query, stat, timeseries } from './panels';
import { maxOf, sumIncreaseOverRange } from './promql';

/** A projection has rebuild series only while a rebuild runs, so empty panels mean none is running. */
export function rebuildPanels(selector: string): LedgerPanel[] {
  const processed = maxOf('ledger_projection_rebuild_processed_events', selector, ['projection']);
  const total = maxOf('ledger_projection_rebuild_total_events', selector, ['projection']);
  return [
    timeseries({ title: 'Rebuild progress', description: 'Events applied to the shadow copy over the events to apply (which grows while commands come in).', unit: PercentUnit }, [
      query(`${processed} / ${total}`, '{{projection}}'),
    ]).max(1),
    timeseries({ title: 'Rebuild events processed and total', description: 'Events the running rebuild has applied, and will apply in all.', unit: Short }, [
      query(processed, '{{projection}} processed'),
      query(total, '{{projection}} total'),
    ]),
    timeseries({ title: 'Rebuild speed', description: 'Recent rate of the running rebuild.', unit: OpsPerSecond }, [
      query(maxOf('ledger_projection_rebuild_events_per_second', selector, ['projection']), '{{projection}}'),
    ]),
    timeseries({ title: 'Rebuild ETA', description: 'Time the running rebuild needs at its recent rate; empty while unknown.', unit: Seconds }, [
      query(maxOf('ledger_projection_rebuild_eta_seconds', selector, ['projection']), '{{projection}}'),
    ]),
    stat({ title: 'Rebuilds ended in the time range', description: 'By outcome: completed, failed, stopped (interrupted by shutdown, resumed on the next start).', unit: Short }, [
      query(sumIncreaseOverRange('ledger_projection_rebuilds_total', selector, ['projection', 'outcome']), '{{projection}} {{outcome}}'),
    ]).span(24).height(5),
  ];
}
