import {
  BigValueColorMode,
  BigValueGraphMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { prometheus } from './variables';

/** One PromQL expression of a panel and how its series are named in the legend. */
export interface PromQuery {
  readonly expr: string;
  readonly legend: string;
}

export interface PanelText {
  readonly title: string;
  /** Shown on hover: what the panel means and what a bad value looks like. */
  readonly description: string;
  /** A Grafana unit id (`@grafana/grafana-foundation-sdk/units`). */
  readonly unit: string;
}

export type LedgerPanel = TimeseriesPanelBuilder | StatPanelBuilder;

export function query(expr: string, legend: string): PromQuery {
  return { expr, legend };
}

export function timeseries(text: PanelText, queries: readonly PromQuery[]): TimeseriesPanelBuilder {
  return new TimeseriesPanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(prometheus)
    .targets(targets(queries))
    .min(0)
    .fillOpacity(10)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom).calcs([]))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
}

/** The latest value of each series, for what is read at a glance (how many apps are up, who leads). */
export function stat(text: PanelText, queries: readonly PromQuery[]): StatPanelBuilder {
  return new StatPanelBuilder()
    .title(text.title)
    .description(text.description)
    .unit(text.unit)
    .datasource(prometheus)
    .targets(targets(queries))
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.Value)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
}

/** Explicit refIds keep the JSON stable and let overrides name a query. */
function targets(queries: readonly PromQuery[]): DataqueryBuilder[] {
  return queries.map((each, index) =>
    new DataqueryBuilder().refId(String.fromCharCode(65 + index)).expr(each.expr).legendFormat(each.legend).range(),
  );
}
