// @ts-check
import { createLagChart, drawLagChart } from './chart.js';
import { el, setField, setText } from './dom.js';
import { formatDecimal, formatInteger } from './format.js';

/**
 * @typedef {{ id: string, state: string, processed: number, total: number, eventsPerSecond: number, etaSeconds: number | null }} RebuildSummary
 * @typedef {{
 *   name: string, version: number, state: string,
 *   lag: { events: number | null, seconds: number | null },
 *   applied: number, deadLetters: number | null, waiting: number | null,
 *   lastError?: string | null, rebuild?: RebuildSummary | null,
 *   appliedPerSecond?: number, history?: import('./chart.js').LagSample[],
 *   swaps?: number | null,
 * }} ProjectionView
 */

/**
 * @param {string} field
 * @param {string} label
 * @param {string} [className]
 */
function cell(field, label, className = '') {
  return el('td', { 'data-field': field, 'data-label': label, class: className });
}

/**
 * @param {string} action
 * @param {string} name
 * @param {string} text
 * @param {string} label
 */
function actionButton(action, name, text, label) {
  return el('button', { type: 'button', 'data-action': action, 'data-name': name, 'aria-label': `${label} ${name}`, class: 'secondary small' }, [text]);
}

/** @param {string} name */
function createRow(name) {
  const chartCell = el('td', { 'data-label': 'Lag, last 10 min', class: 'chart-cell' }, [
    createLagChart(name),
    el('span', { class: 'chart-value', 'data-field': 'chart-last', 'aria-hidden': 'true' }),
  ]);
  return el('tr', { 'data-projection': name }, [
    el('th', { scope: 'row', 'data-label': 'Projection' }, [
      el('span', { class: 'name' }, [name]),
      el('span', { class: 'last-error', 'data-field': 'last-error', hidden: '' }),
    ]),
    cell('state', 'State'),
    // A rebuild at the same version swaps in a new copy of the read model: the count says it happened.
    el('td', { 'data-label': 'Version', class: 'num' }, [
      el('span', { 'data-field': 'version' }),
      el('span', { class: 'swaps', 'data-field': 'swaps' }),
    ]),
    cell('lag-events', 'Lag (events)', 'num'),
    cell('lag-seconds', 'Lag (seconds)', 'num'),
    chartCell,
    cell('rate', 'Applied/s', 'num'),
    cell('dead-letters', 'Dead letters', 'num'),
    el('td', { class: 'actions', 'data-label': 'Actions' }, [
      actionButton('show-dead-letters', name, 'Dead letters', 'Show dead letters of'),
      actionButton('rebuild', name, 'Rebuild', 'Rebuild'),
    ]),
  ]);
}

/**
 * @param {HTMLTableRowElement} row
 * @param {ProjectionView} projection
 * @param {number} now
 */
function updateRow(row, projection, now) {
  const stateCell = /** @type {HTMLElement} */ (row.querySelector('[data-field="state"]'));
  setText(stateCell, projection.state);
  stateCell.className = `state state-${projection.state}`;
  setField(row, 'version', formatInteger(projection.version));
  setField(row, 'swaps', projection.swaps ? `rebuilt ${formatInteger(projection.swaps)}×` : '');
  setField(row, 'lag-events', formatInteger(projection.lag.events));
  setField(row, 'lag-seconds', formatDecimal(projection.lag.seconds));
  setField(row, 'rate', formatDecimal(projection.appliedPerSecond));
  setField(row, 'dead-letters', formatInteger(projection.deadLetters));
  row.querySelector('[data-field="dead-letters"]')?.classList.toggle('attention', (projection.deadLetters ?? 0) > 0);
  const lastError = /** @type {HTMLElement} */ (row.querySelector('[data-field="last-error"]'));
  setText(lastError, projection.lastError ?? '');
  lastError.hidden = !projection.lastError;
  // The history is sampled every few seconds; the snapshot's own lag is its newest point, so the
  // chart's last value never disagrees with the lag column beside it.
  const current = { at: new Date(now).toISOString(), lagEvents: projection.lag.events, lagSeconds: projection.lag.seconds };
  const series = [...(projection.history ?? []), current];
  setField(row, 'chart-last', typeof current.lagEvents === 'number' ? formatInteger(current.lagEvents) : '');
  const chart = /** @type {SVGElement | null} */ (row.querySelector('svg[data-chart="lag"]'));
  if (chart) drawLagChart(chart, projection.name, series, now);
  const rebuild = /** @type {HTMLButtonElement | null} */ (row.querySelector('button[data-action="rebuild"]'));
  if (rebuild) rebuild.disabled = Boolean(projection.rebuild);
}

/**
 * Keeps one row per projection, in the snapshot's order; rows (and their buttons, and focus) survive updates.
 * @param {HTMLTableSectionElement} tbody
 * @param {ProjectionView[]} projections
 * @param {number} now
 */
export function renderProjections(tbody, projections, now) {
  /** @type {Map<string, HTMLTableRowElement>} */
  const existing = new Map();
  for (const row of tbody.querySelectorAll('tr[data-projection]')) {
    existing.set(row.getAttribute('data-projection') ?? '', /** @type {HTMLTableRowElement} */ (row));
  }
  /** @type {Element | null} */
  let previous = null;
  for (const projection of projections) {
    const row = existing.get(projection.name) ?? createRow(projection.name);
    existing.delete(projection.name);
    updateRow(row, projection, now);
    /** @type {Element | null} */
    const expectedPlace = previous ? previous.nextElementSibling : tbody.firstElementChild;
    if (expectedPlace !== row) tbody.insertBefore(row, expectedPlace);
    previous = row;
  }
  for (const gone of existing.values()) gone.remove();
}
