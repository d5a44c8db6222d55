import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import {
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  RowBuilder,
  type VariableModel,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { LedgerPanel } from './panels';

export interface PanelRow {
  readonly title: string;
  readonly panels: readonly LedgerPanel[];
}

export interface LedgerDashboardSpec {
  /** Stable across regenerations: links and bookmarks to a dashboard survive a re-import. */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly variables: readonly Builder<VariableModel>[];
  readonly rows: readonly PanelRow[];
}

/** Every Ledger dashboard carries it, so each links to the others. */
const ledgerTag = 'ledger';

/**
 * The settings all Ledger dashboards share, and panel ids numbered in reading order: Grafana
 * would number unnumbered panels itself on import, differently each time the layout changes.
 */
export function ledgerDashboard(spec: LedgerDashboardSpec): Dashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([ledgerTag])
    .editable()
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .link(new DashboardLinkBuilder('Ledger dashboards').type(DashboardLinkType.Dashboards).tags([ledgerTag]).asDropdown(true).includeVars(true).keepTime(true))
    .variables([...spec.variables]);
  let id = 1;
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title).id(id++));
    for (const panel of row.panels) builder.withPanel(panel.id(id++));
  }
  return builder.build();
}
