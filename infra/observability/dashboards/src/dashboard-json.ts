import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * The committed text of a dashboard: keys sorted at every level, so the file changes only when
 * the dashboard does (not when the SDK reorders its builders), two-space indent, final newline.
 */
export function dashboardJson(dashboard: Dashboard): string {
  return `${JSON.stringify(sortKeys(dashboard), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]));
}
