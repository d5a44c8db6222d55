// @ts-check
import { callApi } from './api.js';
import { beginSignIn, completeSignIn, currentToken, signOut, tokenClaims } from './auth.js';
import { guardSkipReason, hideDeadLetters, refreshDeadLetters, retryDeadLetter, showDeadLetters, skipDeadLetter } from './dead-letters.js';
import { required, setText } from './dom.js';
import { clearProblem, onAuthFailure, reportError, showNotice, showProblem } from './feedback.js';
import { formatClock } from './format.js';
import { renderProjections } from './projections.js';
import { forgetRebuilds, followRebuilds, requestRebuild } from './rebuilds.js';
import { renderRelay } from './relay.js';
import { openStream } from './stream.js';

/**
 * @typedef {import('./projections.js').ProjectionView} ProjectionView
 * @typedef {{ at: string, projections: ProjectionView[], relay?: import('./relay.js').RelayView }} Snapshot
 * @typedef {'signed-out' | 'loading' | 'refused' | 'dashboard'} Mode
 */

/** @type {{ stopStream: (() => void) | null, projections: ProjectionView[] }} */
const page = { stopStream: null, projections: [] };

/** @param {Mode} mode */
function show(mode) {
  const signedIn = mode !== 'signed-out';
  required('#signed-out').hidden = mode !== 'signed-out';
  required('#refused').hidden = mode !== 'refused';
  required('#dashboard').hidden = mode !== 'dashboard';
  required('#sign-out').hidden = !signedIn;
  required('.who-wrap').hidden = !signedIn;
  required('#live').hidden = mode !== 'dashboard';
  setText(required('#who'), signedIn ? (tokenClaims().sub ?? 'unknown user') : '');
}

/** @param {boolean} connected */
function showLive(connected) {
  const live = required('#live');
  setText(live, connected ? 'live' : 'reconnecting…');
  live.classList.toggle('connected', connected);
}

/**
 * @param {ProjectionView[]} projections
 * @param {number} now
 */
function applyProjections(projections, now) {
  page.projections = projections;
  renderProjections(required('#projections tbody'), projections, now);
  followRebuilds(projections);
  refreshDeadLetters(projections);
}

/** @param {Snapshot} snapshot */
function applySnapshot(snapshot) {
  const at = Date.parse(snapshot.at);
  applyProjections(snapshot.projections, Number.isNaN(at) ? Date.now() : at);
  renderRelay(snapshot.relay);
  setText(required('#updated'), `Updated at ${formatClock(snapshot.at)}`);
}

function stopStream() {
  page.stopStream?.();
  page.stopStream = null;
}

/** @param {string} [message] */
function toSignedOut(message) {
  stopStream();
  signOut();
  forgetRebuilds();
  hideDeadLetters();
  show('signed-out');
  if (message) showNotice(message);
}

function toRefused() {
  stopStream();
  show('refused');
}

/** Signed in: the first list decides whether this user may see anything, then the stream keeps it current. */
async function enter() {
  show('loading');
  try {
    /** @type {{ items: ProjectionView[] }} */
    const list = await callApi('../projections');
    applyProjections(list.items, Date.now());
    show('dashboard');
    showLive(false);
    stopStream();
    page.stopStream = openStream({
      onSnapshot: applySnapshot,
      onConnected: showLive,
      onRefused: (error) => reportError('The live stream', error),
    });
  } catch (error) {
    reportError('Loading the projections', error);
  }
}

/**
 * @param {string} action
 * @param {string | null} name
 */
function focusRowButton(action, name) {
  const button = [...document.querySelectorAll(`#projections button[data-action="${action}"]`)].find((candidate) => candidate.getAttribute('data-name') === name);
  if (button instanceof HTMLElement) button.focus();
}

/** @param {HTMLElement} button */
function runAction(button) {
  const name = button.getAttribute('data-name') ?? '';
  const id = button.getAttribute('data-id') ?? '';
  switch (button.getAttribute('data-action')) {
    case 'rebuild':
      return requestRebuild(name);
    case 'show-dead-letters':
      return showDeadLetters(name, page.projections.find((projection) => projection.name === name)?.deadLetters ?? null);
    case 'close-dead-letters':
      return focusRowButton('show-dead-letters', hideDeadLetters());
    case 'retry':
      return retryDeadLetter(id);
    case 'skip':
      return skipDeadLetter(id);
    default:
      return undefined;
  }
}

function bind() {
  required('#sign-in').addEventListener('click', () => {
    clearProblem();
    beginSignIn().catch((error) => showProblem('Sign-in', error));
  });
  required('#sign-out').addEventListener('click', () => toSignedOut('Signed out'));
  required('#dashboard').addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
    if (button instanceof HTMLElement) void runAction(button);
  });
  guardSkipReason();
  onAuthFailure({ signedOut: () => toSignedOut('Your session ended: sign in again.'), refused: toRefused });
}

function tokenExpired() {
  const { exp } = tokenClaims();
  return typeof exp === 'number' && exp * 1000 <= Date.now();
}

async function start() {
  bind();
  try {
    await completeSignIn();
  } catch (error) {
    showProblem('Sign-in', error);
  }
  if (currentToken() && !tokenExpired()) await enter();
  else toSignedOut();
}

void start();
