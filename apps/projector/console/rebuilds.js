// @ts-check
import { callApi } from './api.js';
import { el, required, setField, setText } from './dom.js';
import { askDialog, reportError, showNotice, showProblem } from './feedback.js';
import { formatDecimal, formatDuration, formatInteger } from './format.js';

/**
 * @typedef {import('./projections.js').ProjectionView} ProjectionView
 * @typedef {{ state: string, processed: number, total: number, eventsPerSecond: number, etaSeconds: number | null, error?: string | null }} RebuildProgress
 */

const ACTIVE = new Set(['running', 'swapping']);

/** Rebuilds this page follows, by projection: their end is told apart (completed or failed) by asking for the rebuild. */
/** @type {Map<string, { id: string, finishing: boolean }>} */
const followed = new Map();

/** @param {string} name */
const rebuildPath = (name) => `../projections/${encodeURIComponent(name)}/rebuilds`;

/** @param {string} name */
function findPanel(name) {
  return [...document.querySelectorAll('[data-rebuild]')].find((panel) => panel.getAttribute('data-rebuild') === name);
}

/** @param {string} name */
function createPanel(name) {
  const titleId = `rebuild-title-${document.querySelectorAll('[data-rebuild]').length + 1}-${Date.now()}`;
  const fact = (/** @type {string} */ label, /** @type {string} */ field) => el('div', {}, [el('dt', {}, [label]), el('dd', { 'data-field': field }, ['—'])]);
  const dismiss = el('button', { type: 'button', class: 'secondary small', 'data-action': 'dismiss-rebuild', 'aria-label': `Dismiss rebuild of ${name}`, hidden: '' }, ['Dismiss']);
  dismiss.addEventListener('click', () => removePanel(name));
  return el('article', { class: 'rebuild', 'data-rebuild': name, 'aria-labelledby': titleId }, [
    el('h3', { id: titleId }, [`Rebuild of ${name}`]),
    el('progress', { 'aria-labelledby': titleId, max: '1', value: '0' }),
    el('dl', { class: 'facts' }, [fact('Processed', 'processed'), fact('Events/s', 'eps'), fact('ETA', 'eta'), fact('State', 'rebuild-state')]),
    dismiss,
  ]);
}

/** @param {string} name */
function removePanel(name) {
  findPanel(name)?.remove();
  const section = required('#rebuilds');
  section.hidden = !section.querySelector('[data-rebuild]');
  const rowButton = [...document.querySelectorAll('button[data-action="rebuild"]')].find((button) => button.getAttribute('data-name') === name);
  (rowButton instanceof HTMLButtonElement && !rowButton.disabled ? rowButton : required('#main')).focus();
}

/**
 * @param {string} name
 * @param {RebuildProgress} progress
 */
function renderProgress(name, progress) {
  const section = required('#rebuilds');
  let panel = findPanel(name);
  if (!panel) {
    panel = createPanel(name);
    required('.rebuild-list', section).append(panel);
  }
  section.hidden = false;
  const done = progress.state === 'completed';
  const total = Math.max(progress.total, progress.processed, 1);
  const bar = /** @type {HTMLProgressElement} */ (panel.querySelector('progress'));
  bar.max = total;
  bar.value = done ? total : progress.processed;
  setField(panel, 'processed', `${formatInteger(progress.processed)} / ${formatInteger(progress.total)}`);
  setField(panel, 'eps', ACTIVE.has(progress.state) ? formatDecimal(progress.eventsPerSecond) : '—');
  setField(panel, 'eta', ACTIVE.has(progress.state) ? formatDuration(progress.etaSeconds) : '—');
  setField(panel, 'rebuild-state', progress.error ? `${progress.state}: ${progress.error}` : progress.state);
  panel.className = `rebuild rebuild-${progress.state}`;
  const dismiss = /** @type {HTMLElement} */ (panel.querySelector('[data-action="dismiss-rebuild"]'));
  dismiss.hidden = ACTIVE.has(progress.state);
}

/**
 * Asks for confirmation, then starts a rebuild of `name` through the admin API.
 * @param {string} name
 */
export async function requestRebuild(name) {
  const dialog = /** @type {HTMLDialogElement} */ (required('#rebuild-dialog'));
  setText(required('#rebuild-dialog-title'), `Rebuild ${name}?`);
  if ((await askDialog(dialog)) !== 'confirm') return;
  try {
    /** @type {{ rebuildId: string, state?: string }} */
    const started = await callApi(rebuildPath(name), { method: 'POST' });
    followed.set(name, { id: started.rebuildId, finishing: false });
    renderProgress(name, { state: started.state ?? 'running', processed: 0, total: 0, eventsPerSecond: 0, etaSeconds: null });
    showNotice(`Rebuild of ${name} started`);
  } catch (error) {
    reportError(`Rebuild of ${name}`, error);
  }
}

/**
 * The rebuild left the snapshot: ask for it to tell completed from failed.
 * @param {string} name
 * @param {{ id: string, finishing: boolean }} entry
 */
async function finish(name, entry) {
  entry.finishing = true;
  try {
    /** @type {RebuildProgress} */
    const rebuild = await callApi(`${rebuildPath(name)}/${encodeURIComponent(entry.id)}`);
    if (ACTIVE.has(rebuild.state)) return; // not yet gone after all: the next snapshots tell
    // A newer rebuild of the same projection may have taken its place meanwhile: its panel stays.
    if (followed.get(name) === entry) {
      followed.delete(name);
      renderProgress(name, rebuild);
    }
    if (rebuild.state === 'completed') showNotice(`Rebuild of ${name} completed`);
    else showProblem(`Rebuild of ${name}`, new Error(`it ended ${rebuild.state}${rebuild.error ? `: ${rebuild.error}` : ''}`));
  } catch (error) {
    if (followed.get(name) === entry) followed.delete(name);
    reportError(`Rebuild of ${name}`, error);
  } finally {
    entry.finishing = false;
  }
}

/**
 * Follows every rebuild the snapshot shows (started here, by the CLI or at startup) and ends the ones that left it.
 * @param {ProjectionView[]} projections
 */
export function followRebuilds(projections) {
  const byName = new Map(projections.map((projection) => [projection.name, projection]));
  for (const projection of projections) {
    const rebuild = projection.rebuild;
    if (!rebuild) continue;
    const entry = followed.get(projection.name);
    if (entry && entry.id !== rebuild.id && !entry.finishing) void finish(projection.name, entry);
    if (!entry || entry.id !== rebuild.id) followed.set(projection.name, { id: rebuild.id, finishing: false });
    renderProgress(projection.name, rebuild);
  }
  for (const [name, entry] of followed) {
    if (entry.finishing || byName.get(name)?.rebuild?.id === entry.id) continue;
    void finish(name, entry);
  }
}

export function forgetRebuilds() {
  followed.clear();
  required('.rebuild-list').replaceChildren();
  required('#rebuilds').hidden = true;
}
