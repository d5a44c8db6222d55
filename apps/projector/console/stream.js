// @ts-check
import { problemOf } from './api.js';
import { currentToken } from './auth.js';

const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 15000;
// Snapshots come every second and keep-alive comments in between: this long a silence means a dead connection.
const SILENCE_MS = 20000;

/**
 * @typedef {{ event: string, data: string }} ServerSentEvent
 * @typedef {{
 *   onSnapshot: (snapshot: any) => void,
 *   onConnected: (connected: boolean) => void,
 *   onRefused: (error: import('./api.js').ApiError) => void,
 * }} StreamHandlers
 */

/**
 * Splits SSE text into events (WHATWG "event stream interpretation", without ids and retry):
 * returns the complete events and the unfinished rest.
 * @param {string} buffer
 * @returns {{ events: ServerSentEvent[], rest: string }}
 */
export function parseEvents(buffer) {
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = [];
  for (const block of blocks) {
    let event = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

/**
 * Reads `stream` with fetch (EventSource cannot send the Authorization header) and reconnects with
 * backoff until stopped. 401 and 403 stop it: the handlers decide what the page shows.
 * @param {StreamHandlers} handlers
 * @returns {() => void} stops the stream
 */
export function openStream(handlers) {
  let stopped = false;
  /** @type {AbortController | null} */
  let controller = null;
  let delay = MIN_DELAY_MS;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;

  const connect = async () => {
    controller = new AbortController();
    try {
      await readStream(controller, handlers, () => (delay = MIN_DELAY_MS));
    } catch (error) {
      if (isRefusal(error)) {
        stopped = true;
        handlers.onConnected(false);
        handlers.onRefused(/** @type {import('./api.js').ApiError} */ (error));
        return;
      }
    }
    handlers.onConnected(false);
    if (stopped) return;
    retryTimer = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  };

  void connect();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    controller?.abort();
    handlers.onConnected(false);
  };
}

/** @param {unknown} error */
function isRefusal(error) {
  return typeof error === 'object' && error !== null && 'status' in error && (error.status === 401 || error.status === 403);
}

/**
 * One connection: resolves when the server ends it, throws on failure.
 * @param {AbortController} controller
 * @param {StreamHandlers} handlers
 * @param {() => void} onHealthy
 */
async function readStream(controller, handlers, onHealthy) {
  const response = await fetch('stream', {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${currentToken() ?? ''}` },
    cache: 'no-store',
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw await problemOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let watchdog;
  const feed = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller.abort(), SILENCE_MS);
  };
  try {
    feed();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      feed();
      const parsed = parseEvents(buffer + value);
      buffer = parsed.rest;
      for (const { event, data } of parsed.events) {
        if (event !== 'snapshot') continue;
        handlers.onSnapshot(JSON.parse(data));
        handlers.onConnected(true);
        onHealthy();
      }
    }
  } finally {
    clearTimeout(watchdog);
    reader.cancel().catch(() => undefined);
  }
}
