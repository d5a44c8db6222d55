export interface DocumentedMetrics {
  /** Whether `name` is documented: exactly, as a histogram's `_bucket`/`_sum`/`_count` series, or under a `prefix_*` row. */
  has(name: string): boolean;
}

const histogramSeries = /_(?:bucket|sum|count)$/;

/**
 * The metrics named in the first column of the table under `## Metrics` in docs/operations.md.
 * A cell's code spans read `name{labels}`, `prefix_{a,b}` (one metric per alternative) or
 * `prefix_*` (a family, like Node's default metrics).
 */
export function documentedMetrics(operationsMarkdown: string): DocumentedMetrics {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const cell of metricCells(operationsMarkdown)) {
    for (const [, span = ''] of cell.matchAll(/`([^`]+)`/g)) {
      const [, name = '', rest = ''] = /^([a-zA-Z_:][\w:]*)(.*)$/s.exec(span.trim()) ?? [];
      if (name === '') continue;
      if (name.endsWith('_') && rest.startsWith('{')) {
        for (const suffix of rest.slice(1, rest.indexOf('}')).split(',')) exact.add(`${name}${suffix.trim()}`);
      } else if (rest.startsWith('*')) prefixes.push(name);
      else exact.add(name);
    }
  }
  return {
    has: (name) => exact.has(name) || exact.has(name.replace(histogramSeries, '')) || prefixes.some((prefix) => name.startsWith(prefix)),
  };
}

function metricCells(markdown: string): string[] {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Metrics\n')) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*(?:metric\s*\||-)/.test(line))
    .map((line) => line.split('|')[1] ?? '');
}
