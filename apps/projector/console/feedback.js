// @ts-check
import { ApiError } from './api.js';
import { required, setText } from './dom.js';

/** @type {{ signedOut: () => void, refused: () => void }} */
const authFailures = { signedOut: () => undefined, refused: () => undefined };

/**
 * What a 401 (token gone or expired) and a 403 (not an operator) do to the page.
 * @param {{ signedOut: () => void, refused: () => void }} handlers
 */
export function onAuthFailure(handlers) {
  Object.assign(authFailures, handlers);
}

/** @param {string} text */
export function showNotice(text) {
  const notice = required('#notice');
  if (notice.textContent !== text) return setText(notice, text);
  // The same message again: cleared first, so it is announced again.
  notice.textContent = '';
  setTimeout(() => setText(notice, text), 50);
}

export function clearProblem() {
  const problem = required('#problem');
  problem.hidden = true;
  problem.replaceChildren();
}

/**
 * Shows a failure in the alert: the problem's code and detail, or the error's message.
 * @param {string} what what was being done, e.g. "Rebuild of account-summary"
 * @param {unknown} error
 */
export function showProblem(what, error) {
  const problem = required('#problem');
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.className = 'secondary small';
  dismiss.textContent = 'Dismiss';
  dismiss.setAttribute('aria-label', 'Dismiss error');
  dismiss.addEventListener('click', clearProblem);
  const text = document.createElement('p');
  const codeElement = document.createElement('code');
  codeElement.setAttribute('data-field', 'code');
  codeElement.textContent = code;
  const detailElement = document.createElement('span');
  detailElement.setAttribute('data-field', 'detail');
  detailElement.textContent = detail;
  text.append(`${what} failed: `, codeElement, ' — ', detailElement);
  problem.replaceChildren(text, dismiss);
  problem.hidden = false;
}

/**
 * The one place an API failure goes: 401 signs out, 403 shows the refusal, the rest an alert.
 * @param {string} what
 * @param {unknown} error
 */
export function reportError(what, error) {
  if (error instanceof ApiError && error.status === 401) authFailures.signedOut();
  else if (error instanceof ApiError && error.status === 403) authFailures.refused();
  else showProblem(what, error);
}

/**
 * Opens a modal dialog and resolves with the value of the button that closed it ('' for Escape).
 * @param {HTMLDialogElement} dialog
 * @returns {Promise<string>}
 */
export function askDialog(dialog) {
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue), { once: true });
    dialog.showModal();
  });
}
