/**
 * The answers nginx gives itself, in the apps' own error format (RFC 9457 with a stable `code`,
 * `packages/platform/src/errors/problem-details.ts`), so a client branches on `code` the same way
 * whether an app or the gateway refused. Written here rather than imported: infra/local runs
 * without loading the platform's Nest-backed index, and a unit test holds the two alike.
 */
export interface GatewayProblem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** Sent as `Retry-After` too, as the apps do for a condition that passes by itself. */
  readonly retryAfterSeconds?: number;
}

/** `PAYLOAD_TOO_LARGE` → `urn:ledger:problem:payload-too-large`, as `problem()` derives it. */
export function problemType(code: string): string {
  return `urn:ledger:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** `RATE_LIMITED` → `Rate limited`: the platform's titles have no acronyms among these codes. */
export function problemTitle(code: string): string {
  const words = code.toLowerCase().replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The problem document's JSON text, members in the platform's order. */
export function problemJson(problem: GatewayProblem): string {
  const { status, code, detail, retryAfterSeconds } = problem;
  const body = { type: problemType(code), title: problemTitle(code), status, detail, code, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
  return JSON.stringify(body);
}

/** Every problem the gateway answers by itself, keyed by the nginx named location that sends it. */
export function gatewayProblems(limits: { readonly bodyLimitBytes: number }): Readonly<Record<string, GatewayProblem>> {
  return {
    rate_limited: {
      status: 429,
      code: 'RATE_LIMITED',
      detail: 'Too many requests from this client through the gateway; retry in 1 s.',
      // limit_req frees a slot every 1/rate seconds, and every rate is at least one a second.
      retryAfterSeconds: 1,
    },
    payload_too_large: {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      detail: `The request body is over ${limits.bodyLimitBytes / 1024} KiB (${limits.bodyLimitBytes.toLocaleString('en')} bytes).`,
    },
    // nginx's 502: no instance could be reached (refused, reset, every one marked failed). A 503
    // with Retry-After is what clients already retry (with the same Idempotency-Key), as for an
    // app whose server is away.
    unavailable: {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      detail: 'No instance of the service behind the gateway answered (restarting or down). Retry shortly with the same Idempotency-Key.',
      retryAfterSeconds: 2,
    },
    // The instance took the request and did not answer in time: the outcome is unknown.
    gateway_timeout: {
      status: 504,
      code: 'GATEWAY_TIMEOUT',
      detail: 'The service behind the gateway did not answer in time; the request may have been carried out. Retry with the same Idempotency-Key.',
      retryAfterSeconds: 2,
    },
    // Only the gateway's internal locations (`/_gateway/…`) are nginx's own 404s.
    not_found: {
      status: 404,
      code: 'NOT_FOUND',
      detail: 'No endpoint has this path.',
    },
    bad_request: {
      status: 400,
      code: 'BAD_REQUEST',
      detail: 'The gateway could not read the request (malformed request line or headers).',
    },
    headers_too_large: {
      status: 431,
      code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
      detail: 'The request headers are larger than the gateway accepts.',
    },
  };
}
