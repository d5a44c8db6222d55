import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dashboardJson } from '../dashboards/src/dashboard-json';
import { dashboardsDir, ledgerDashboards } from '../dashboards/src/dashboards';
import { documentedMetrics } from './dashboards.documented-metrics';
import { metricNamesIn, metricNamesInVariableQuery } from './dashboards.promql-metric-names';

const operationsDoc = resolve(__dirname, '..', '..', '..', 'docs', 'operations.md');
/** Series Prometheus itself adds to every target: no app serves them, so the table cannot list them. */
const seriesPrometheusMakes = new Set(['up']);

const generated = ledgerDashboards().map(({ fileName, dashboard }) => ({ fileName, text: dashboardJson(dashboard) }));

/** Every PromQL expression of a dashboard: the panels' targets and the query variables. */
function metricNamesOf(json: string): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.expr === 'string') names.push(...metricNamesIn(record.expr));
    if (record.type === 'query' && typeof record.query === 'string') names.push(...metricNamesInVariableQuery(record.query));
    Object.values(record).forEach(visit);
  };
  visit(JSON.parse(json));
  return [...new Set(names)];
}

describe('Grafana dashboards', () => {
  it('are committed exactly as the sources generate them', () => {
    const stale = generated
      .filter(({ fileName, text }) => readFileSync(join(dashboardsDir, fileName), 'utf8') !== text)
      .map(({ fileName }) => `${fileName} differs from its source: run npm run dashboards`);
    expect(stale).toEqual([]);
  });

  it('leave no committed dashboard without a source', () => {
    const committed = readdirSync(dashboardsDir).filter((name) => name.endsWith('.json'));
    expect(committed.sort()).toEqual(generated.map(({ fileName }) => fileName).sort());
  });

  it('chart only metrics documented in the metrics table of docs/operations.md', () => {
    const documented = documentedMetrics(readFileSync(operationsDoc, 'utf8'));
    const undocumented = generated.flatMap(({ fileName, text }) =>
      metricNamesOf(text)
        .filter((name) => !seriesPrometheusMakes.has(name) && !documented.has(name))
        .map((name) => `${name} (${fileName}) is not in docs/operations.md's metrics table`),
    );
    expect(undocumented).toEqual([]);
  });

  it('query the Prometheus chosen in the datasource variable, under unique uids', () => {
    const dashboards = ledgerDashboards().map(({ dashboard }) => dashboard);
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
    for (const dashboard of dashboards) {
      expect(dashboard.templating.list?.find((variable) => variable.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
      const datasources = (dashboard.panels ?? []).flatMap((panel) => (panel.type === 'row' ? [] : [panel.datasource]));
      expect(datasources.length).toBeGreaterThan(0);
      for (const datasource of datasources) expect(datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });
});

describe('metric names in PromQL', () => {
  it('finds the series a quantile reads, not its functions, labels or variables', () => {
    const expr = 'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket{app="query-api", job=~"$job"}[$__rate_interval])))';
    expect(metricNamesIn(expr)).toEqual(['http_request_duration_seconds_bucket']);
  });

  it('finds both sides of a ratio and of a comparison', () => {
    expect(metricNamesIn('sum (a_total{x="y"}) / sum (b_total) and c == 1')).toEqual(['a_total', 'b_total', 'c']);
  });

  it('reads only the selector of a label_values variable', () => {
    expect(metricNamesInVariableQuery('label_values(process_start_time_seconds{app="projector"}, job)')).toEqual(['process_start_time_seconds']);
  });
});

describe('documented metrics', () => {
  const table = [
    '## Metrics',
    '',
    '| metric | app | what it tells you |',
    '| --- | --- | --- |',
    '| `ledger_commands_total{command,outcome}`, `ledger_command_duration_seconds{command,outcome}` | command-api | … |',
    "| Node's default metrics (`process_*`) | all | … |",
    '| `ledger_projection_rebuild_{processed_events,eta_seconds}` | projector | … |',
    '',
    '## Timeouts',
    '| `ledger_not_a_metric` | x | y |',
  ].join('\n');
  const documented = documentedMetrics(table);

  it('reads names, histogram series, families and alternatives from the table', () => {
    for (const name of ['ledger_commands_total', 'ledger_command_duration_seconds_bucket', 'process_cpu_seconds_total', 'ledger_projection_rebuild_eta_seconds']) {
      expect(documented.has(name)).toBe(true);
    }
  });

  it('refuses names the table does not hold, or holds only in another section', () => {
    for (const name of ['ledger_commands', 'ledger_projection_rebuild_total_events', 'ledger_not_a_metric', 'command']) {
      expect(documented.has(name)).toBe(false);
    }
  });
});
