/** PromQL words that are not metrics: functions are recognised by their `(`, these by name. */
const keywords = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression reads. Enough of PromQL for the dashboards' queries:
 * strings, label matchers, range selectors and label lists are removed first, so label names
 * and values never pass for metrics; a word followed by `(` is a function or aggregation.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const words = stripped.match(/(?<![\w:$.])[a-zA-Z_:][\w:]*(?![\w:]|\s*\()/g) ?? [];
  return [...new Set(words.filter((word) => !keywords.has(word.toLowerCase())))];
}

/**
 * A Grafana query variable is `label_values(<series selector>, <label>)` rather than PromQL:
 * only its selector names a metric.
 */
export function metricNamesInVariableQuery(query: string): string[] {
  const labelValues = /^label_values\((.*),\s*\w+\)$/s.exec(query.trim());
  return metricNamesIn(labelValues?.[1] ?? query);
}
