import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** One invalid input field; nested fields use dotted paths (`owner.address.city`, `lines.0.amount`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * An RFC 9457 problem document. `code` is the stable upper-snake code clients branch on;
 * `title` and `detail` are for humans and may change. Extension members (e.g. the current
 * `revision` of a `REVISION_MISMATCH`) sit next to the standard ones.
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

const acronyms = new Set(['json', 'url', 'id', 'http', 'iso']);

/** `INSUFFICIENT_FUNDS` → `Insufficient funds`, `MALFORMED_JSON` → `Malformed JSON`. */
function titleOf(code: string): string {
  const words = code
    .toLowerCase()
    .split('_')
    .map((word) => (acronyms.has(word) ? word.toUpperCase() : word))
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Problem types are URNs derived from the code: stable identifiers that do not pretend to be
 * documentation pages nobody hosts.
 */
function typeOf(code: string): string {
  return `urn:ledger:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** `404` → `NOT_FOUND`, `413` → `PAYLOAD_TOO_LARGE`: the protocol code for a bare HTTP status. */
export function codeForStatus(status: number): string {
  if (status === 500) return 'INTERNAL_ERROR';
  const phrase = STATUS_CODES[status] ?? 'Error';
  return phrase.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** A problem document; extension members never replace the standard ones, and come after them. */
export function problem(
  status: number,
  code: string,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): ProblemDetails {
  const standard = { type: typeOf(code), title: titleOf(code), status, detail, code };
  const extra = Object.entries(extensions).filter(([member]) => !(member in standard));
  return { ...standard, ...Object.fromEntries(extra) };
}
