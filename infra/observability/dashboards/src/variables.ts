import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * Every panel and variable queries the Prometheus the importer picks, never a uid of ours: the
 * dashboards then import into any Grafana unchanged.
 */
export const prometheus: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');
}

/**
 * Jobs are named by whoever scrapes the apps, so they are listed from the series the apps serve
 * (every series carries `app`; `process_start_time_seconds` exists from the first scrape on),
 * never assumed.
 */
export function jobVariable(appMatcher: string): QueryVariableBuilder {
  return listOf('job', 'Job', `label_values(process_start_time_seconds{${appMatcher}}, job)`);
}

export function instanceVariable(app: string): QueryVariableBuilder {
  return listOf('instance', 'Instance', `label_values(process_start_time_seconds{app="${app}", job=~"$job"}, instance)`);
}

/** A multi-select list whose "All" matches every value, so an unset filter hides nothing. */
export function listOf(name: string, label: string, query: string): QueryVariableBuilder {
  return new QueryVariableBuilder(name)
    .label(label)
    .datasource(prometheus)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

/** The label matchers of one app's dashboard: its own series, narrowed by the job and instance variables. */
export function appSelector(app: string): string {
  return `app="${app}", job=~"$job", instance=~"$instance"`;
}
