// @ts-check
import { svg } from './dom.js';
import { formatInteger } from './format.js';

const WIDTH = 100;
const HEIGHT = 32;
const PAD = 2;
export const WINDOW_MS = 10 * 60 * 1000;

/**
 * @typedef {{ at: string, lagEvents: number | null, lagSeconds: number | null }} LagSample
 */

/** @param {string} projection */
export function createLagChart(projection) {
  const chart = svg('svg', {
    'data-chart': 'lag',
    role: 'img',
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    width: String(WIDTH),
    height: String(HEIGHT),
    focusable: 'false',
    'aria-label': `Lag of ${projection}: no samples yet`,
  });
  chart.append(svg('line', { class: 'baseline', x1: '0', y1: String(HEIGHT - PAD), x2: String(WIDTH), y2: String(HEIGHT - PAD) }));
  chart.append(svg('polyline', { class: 'series', points: '' }));
  return chart;
}

/**
 * Redraws the lag in events over the last ten minutes, x by time against the snapshot's clock.
 * @param {SVGElement} chart
 * @param {string} projection
 * @param {LagSample[] | undefined} history
 * @param {number} now
 */
export function drawLagChart(chart, projection, history, now) {
  const samples = (history ?? []).filter((sample) => typeof sample.lagEvents === 'number');
  const polyline = chart.querySelector('polyline');
  const last = samples.at(-1);
  if (!polyline || !last) {
    chart.setAttribute('aria-label', `Lag of ${projection}: no samples yet`);
    polyline?.setAttribute('points', '');
    return;
  }
  const peak = Math.max(0, ...samples.map((sample) => Number(sample.lagEvents)));
  const scale = Math.max(1, peak);
  const points = samples.map((sample) => {
    const age = now - new Date(sample.at).getTime();
    const x = Math.max(0, Math.min(WIDTH, WIDTH - (age / WINDOW_MS) * WIDTH));
    const y = HEIGHT - PAD - (Number(sample.lagEvents) / scale) * (HEIGHT - 2 * PAD);
    return `${x.toFixed(1)},${y.toFixed(1)}`;
  });
  // A single sample still draws: a flat line from it to now.
  if (points.length === 1) points.push(`${WIDTH},${points[0]?.split(',')[1]}`);
  polyline.setAttribute('points', points.join(' '));
  chart.setAttribute(
    'aria-label',
    `Lag of ${projection} over the last 10 minutes: now ${formatInteger(last.lagEvents)} events, peak ${formatInteger(peak)}`,
  );
}
