import { OpsPerSecond, Seconds } from '@grafana/grafana-foundation-sdk/units';
import { type LedgerPanel, query, timeseries } from './panels';
import { quantile, sumRate } from './promql';

const httpDuration = 'http_request_duration_seconds';

export function httpRatePanel(selector: string, by: readonly string[]): LedgerPanel {
  const legend = by.map((label) => `{{${label}}}`).join(' ');
  return timeseries({ title: `HTTP requests by ${by.join(' and ')}`, description: 'Answers per second; `unmatched` is every path no route serves.', unit: OpsPerSecond }, [
    query(sumRate(`${httpDuration}_count`, selector, by), legend),
  ]);
}

export function httpLatencyPanel(q: number, selector: string): LedgerPanel {
  const name = `p${Math.round(q * 100)}`;
  return timeseries({ title: `HTTP latency ${name} by route`, description: `The ${name} time to answer, by route pattern.`, unit: Seconds }, [
    query(quantile(q, httpDuration, selector, ['route']), '{{route}}'),
  ]);
}
