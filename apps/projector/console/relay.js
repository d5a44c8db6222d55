// @ts-check
import { required, setField, setText } from './dom.js';
import { formatBigInteger, formatDecimal, UNKNOWN } from './format.js';

/**
 * @typedef {{ reachable: true, role: string, checkpoint: string, head: string, lag: string, lagSeconds: number | null }
 *   | { reachable: false, error: string }} RelayView
 */

/** @param {RelayView | undefined} relay */
export function renderRelay(relay) {
  const section = required('#relay');
  const error = required('.relay-error', section);
  const reachable = relay?.reachable === true;
  section.classList.toggle('unreachable', !reachable);
  error.hidden = reachable;
  setText(error, relay && !relay.reachable ? `The relay cannot be reached: ${relay.error}` : '');
  setField(section, 'role', reachable ? relay.role : relay ? 'unreachable' : UNKNOWN);
  setField(section, 'checkpoint', reachable ? formatBigInteger(relay.checkpoint) : UNKNOWN);
  setField(section, 'head', reachable ? formatBigInteger(relay.head) : UNKNOWN);
  setField(section, 'lag', reachable ? formatBigInteger(relay.lag) : UNKNOWN);
  setField(section, 'lag-seconds', reachable ? formatDecimal(relay.lagSeconds) : UNKNOWN);
}
