import { PercentUnit, Short } from '@grafana/grafana-foundation-sdk/units';
import { type LedgerPanel, query, timeseries } from './panels';
import { sumOf } from './promql';

/** The database pools of one app (PostgreSQL, MongoDB): a pool at its maximum with callers waiting is where latency comes from. */
export function poolPanels(selector: string): LedgerPanel[] {
  return [
    timeseries({ title: 'Pool use', description: 'Connections in use over the pool maximum, per pool.', unit: PercentUnit }, [
      query(`${sumOf('ledger_db_pool_connections', `${selector}, state="in_use"`, ['pool'])} / ${sumOf('ledger_db_pool_max_connections', selector, ['pool'])}`, '{{pool}}'),
    ]).max(1),
    timeseries({ title: 'Pool connections', description: 'Connections by pool and state (in_use, idle), and each pool’s maximum.', unit: Short }, [
      query(sumOf('ledger_db_pool_connections', selector, ['pool', 'state']), '{{pool}} {{state}}'),
      query(sumOf('ledger_db_pool_max_connections', selector, ['pool']), '{{pool}} max'),
    ]),
    timeseries({ title: 'Clients waiting for a connection', description: 'Callers queued for a free connection; above 0 for long means the pool is too small or connections are held too long.', unit: Short }, [
      query(sumOf('ledger_db_pool_waiting_clients', selector, ['pool']), '{{pool}}'),
    ]),
  ];
}
