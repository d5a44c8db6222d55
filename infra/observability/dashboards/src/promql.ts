/**
 * PromQL shapes the dashboards repeat. A selector is the label matchers without braces
 * (`app="projector", job=~"$job"`), so callers can add matchers by appending.
 */

/** Grafana widens it to at least four scrape intervals, so `rate` never sees fewer than two samples. */
const rateWindow = '$__rate_interval';

function grouping(by: readonly string[]): string {
  return by.length === 0 ? '' : ` by (${by.join(', ')})`;
}

export function sumRate(counter: string, selector: string, by: readonly string[] = []): string {
  return `sum${grouping(by)} (rate(${counter}{${selector}}[${rateWindow}]))`;
}

/** `histogram` is the base name; the quantile is computed across instances from the summed buckets. */
export function quantile(q: number, histogram: string, selector: string, by: readonly string[] = []): string {
  return `histogram_quantile(${q}, ${sumRate(`${histogram}_bucket`, selector, ['le', ...by])})`;
}

export function mean(histogram: string, selector: string, by: readonly string[] = []): string {
  return `${sumRate(`${histogram}_sum`, selector, by)} / ${sumRate(`${histogram}_count`, selector, by)}`;
}

/** For gauges every instance reports alike (lag, positions): the worst one is the truth. */
export function maxOf(gauge: string, selector: string, by: readonly string[] = []): string {
  return `max${grouping(by)} (${gauge}{${selector}})`;
}

/** For gauges each instance holds its own share of (pool connections, retrying transfers). */
export function sumOf(gauge: string, selector: string, by: readonly string[] = []): string {
  return `sum${grouping(by)} (${gauge}{${selector}})`;
}

/** For rare events (a rebuild ending): how many happened in the dashboard's time range. */
export function sumIncreaseOverRange(counter: string, selector: string, by: readonly string[] = []): string {
  return `sum${grouping(by)} (increase(${counter}{${selector}}[$__range]))`;
}
