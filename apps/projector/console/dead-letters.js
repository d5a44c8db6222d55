// @ts-check
import { callApi } from './api.js';
import { el, required, setText } from './dom.js';
import { askDialog, clearProblem, reportError, showNotice } from './feedback.js';
import { formatAgo, formatDateTime, formatInteger } from './format.js';

/**
 * @typedef {{
 *   id: number, projection: string, status: string, streamId: string | null, revision: number | null,
 *   type: string | null, error: string | null, attempts: number, createdAt: string,
 * }} DeadLetterView
 * @typedef {{ outcome: 'retried' | 'skipped', released: number, stillWaiting: number, blockedBy: number | null }} DeadLetterAction
 */

/** Which projection's dead letters are shown, and the count the list was loaded for. */
const shown = { projection: /** @type {string | null} */ (null), count: /** @type {number | null} */ (null), loading: false };

const section = () => required('#dead-letters');

/** @param {DeadLetterView} letter */
function eventCell(letter) {
  const revision = letter.revision === null ? '' : ` @ ${formatInteger(letter.revision)}`;
  return el('td', { 'data-field': 'event', 'data-label': 'Event' }, [
    el('code', { class: 'stream' }, [`${letter.streamId ?? 'unknown stream'}${revision}`]),
    el('span', { class: 'type' }, [letter.type ?? 'unknown type']),
  ]);
}

/** @param {DeadLetterView} letter */
function letterRow(letter) {
  const id = String(letter.id);
  return el('tr', { 'data-dead-letter': id }, [
    el('th', { scope: 'row', class: 'num', 'data-label': 'Id' }, [id]),
    eventCell(letter),
    el('td', { 'data-field': 'error', 'data-label': 'Error', class: 'error-text' }, [letter.error ?? '—']),
    el('td', { 'data-field': 'attempts', 'data-label': 'Attempts', class: 'num' }, [formatInteger(letter.attempts)]),
    el('td', { 'data-label': 'Since' }, [el('time', { datetime: letter.createdAt, title: formatDateTime(letter.createdAt) }, [formatAgo(letter.createdAt, Date.now())])]),
    el('td', { class: 'actions', 'data-label': 'Actions' }, [
      el('button', { type: 'button', class: 'secondary small', 'data-action': 'retry', 'data-id': id, 'aria-label': `Retry dead letter ${id}` }, ['Retry']),
      el('button', { type: 'button', class: 'danger small', 'data-action': 'skip', 'data-id': id, 'aria-label': `Skip dead letter ${id}` }, ['Skip']),
    ]),
  ]);
}

/** @param {DeadLetterView[]} letters */
function renderLetters(letters) {
  required('tbody', section()).replaceChildren(...letters.map(letterRow));
  /** @type {HTMLElement} */ (required('.empty', section())).hidden = letters.length > 0;
  /** @type {HTMLElement} */ (required('table', section())).hidden = letters.length === 0;
}

async function reload() {
  const projection = shown.projection;
  if (projection === null) return;
  shown.loading = true;
  section().setAttribute('aria-busy', 'true');
  try {
    /** @type {{ items: DeadLetterView[] }} */
    const list = await callApi(`../dead-letters?${new URLSearchParams({ projection, status: 'open' })}`);
    if (shown.projection === projection) renderLetters(list.items);
  } catch (error) {
    reportError(`Loading the dead letters of ${projection}`, error);
  } finally {
    shown.loading = false;
    section().removeAttribute('aria-busy');
  }
}

/**
 * Opens the dead letters of one projection and moves the focus to them.
 * @param {string} projection
 * @param {number | null} count the open dead letters the snapshot reports
 */
export async function showDeadLetters(projection, count) {
  shown.projection = projection;
  shown.count = count;
  setText(required('#dead-letters-title'), `Dead letters of ${projection}`);
  renderLetters([]);
  /** @type {HTMLElement} */ (required('.empty', section())).hidden = true;
  section().hidden = false;
  await reload();
  required('#dead-letters-title').focus();
}

/** Closes the list; returns the projection it showed. */
export function hideDeadLetters() {
  const projection = shown.projection;
  shown.projection = null;
  section().hidden = true;
  required('tbody', section()).replaceChildren();
  return projection;
}

/**
 * Reloads the list when the snapshot's count of open dead letters of the shown projection changed.
 * @param {import('./projections.js').ProjectionView[]} projections
 */
export function refreshDeadLetters(projections) {
  const current = projections.find((projection) => projection.name === shown.projection);
  if (!current || shown.loading || current.deadLetters === shown.count) return;
  shown.count = current.deadLetters;
  void reload();
}

/** @param {DeadLetterAction} action */
function describe(action) {
  const released = `${formatInteger(action.released)} waiting event(s) released`;
  return action.blockedBy === null ? released : `${released}; dead letter ${action.blockedBy} now holds the stream`;
}

/** @param {string} id */
export async function retryDeadLetter(id) {
  await act(id, 'retry', undefined);
}

/** @param {string} id */
export async function skipDeadLetter(id) {
  const dialog = /** @type {HTMLDialogElement} */ (required('#skip-dialog'));
  const reason = /** @type {HTMLTextAreaElement} */ (required('textarea[name="reason"]', dialog));
  reason.value = '';
  setText(required('#skip-dialog-title'), `Skip dead letter ${id}?`);
  if ((await askDialog(dialog)) !== 'confirm') return;
  // The API takes one line of text: line breaks and tabs typed into the box become spaces.
  await act(id, 'skip', { reason: oneLine(reason.value) });
}

/**
 * @param {string} id
 * @param {'retry' | 'skip'} kind
 * @param {{ reason: string } | undefined} body
 */
async function act(id, kind, body) {
  const buttons = section().querySelectorAll(`tr[data-dead-letter="${CSS.escape(id)}"] button`);
  buttons.forEach((button) => ((/** @type {HTMLButtonElement} */ (button)).disabled = true));
  try {
    /** @type {DeadLetterAction} */
    const action = await callApi(`../dead-letters/${encodeURIComponent(id)}/${kind}`, { method: 'POST', body });
    clearProblem();
    showNotice(`Dead letter ${id} ${action.outcome}: ${describe(action)}`);
  } catch (error) {
    reportError(`${kind === 'retry' ? 'Retry' : 'Skip'} of dead letter ${id}`, error);
  }
  await reload();
  required('#dead-letters-title').focus();
}

/** `required` lets a reason of only spaces through; the API would refuse it, so the dialog does first. */
export function guardSkipReason() {
  const reason = /** @type {HTMLTextAreaElement} */ (required('#skip-dialog textarea[name="reason"]'));
  const check = () => reason.setCustomValidity(reason.value.length > 0 && reason.value.trim() === '' ? 'Give a reason, not only spaces.' : '');
  reason.addEventListener('input', check);
}

/**
 * @param {string} text
 * @returns {string}
 */
function oneLine(text) {
  return text.replace(/\s+/g, ' ').trim();
}
