// @ts-check

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export const UNKNOWN = '—';

/** @param {number | null | undefined} value */
export function formatInteger(value) {
  return typeof value === 'number' && Number.isFinite(value) ? integer.format(value) : UNKNOWN;
}

/** @param {number | null | undefined} value */
export function formatDecimal(value) {
  return typeof value === 'number' && Number.isFinite(value) ? decimal.format(value) : UNKNOWN;
}

/**
 * Positions and checkpoints are 64-bit integers sent as strings: formatted as BigInt so they stay exact.
 * @param {string | null | undefined} value
 */
export function formatBigInteger(value) {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return value ?? UNKNOWN;
  return integer.format(BigInt(value));
}

/**
 * Seconds as m:ss (minutes may exceed 59).
 * @param {number | null | undefined} seconds
 */
export function formatDuration(seconds) {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return UNKNOWN;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** @param {string | null | undefined} iso */
export function formatClock(iso) {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? clock.format(date) : UNKNOWN;
}

/** @param {string | null | undefined} iso */
export function formatDateTime(iso) {
  const date = iso ? new Date(iso) : null;
  return date && !Number.isNaN(date.getTime()) ? dateTime.format(date) : UNKNOWN;
}

/**
 * "3 minutes ago", against `now` (the snapshot's or the browser's clock).
 * @param {string} iso
 * @param {number} now milliseconds since the epoch
 */
export function formatAgo(iso, now) {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return UNKNOWN;
  const abs = Math.abs(seconds);
  if (abs < 60) return relative.format(seconds, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86400), 'day');
}
