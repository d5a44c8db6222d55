/** Capped exponential backoff between reconnection attempts. */
export interface ReconnectBackoff {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultReconnectBackoff: ReconnectBackoff = { initialDelayMs: 250, maxDelayMs: 10_000 };

/**
 * The wait before attempt `failures + 1`, with up to 20% jitter: every instance of every app
 * loses a server at the same moment, and without jitter they would all knock again together.
 */
export function reconnectDelayMs(backoff: ReconnectBackoff, failures: number, random: () => number = Math.random): number {
  const exponential = Math.min(backoff.maxDelayMs, backoff.initialDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (1 - 0.2 * random()));
}
