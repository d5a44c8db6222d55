import { setTimeout as delay } from 'node:timers/promises';

export interface EventuallyOptions {
  /** What the test waits for, in words ("the relay caught up"): the failure names it. */
  readonly what?: string;
  /** How long to keep polling before failing; generous, since a shared machine can be slow. */
  readonly timeoutMs?: number;
  /** The pause between two polls; 0 yields to the event loop only (for in-memory fakes). */
  readonly intervalMs?: number;
}

/**
 * Reads until `condition` holds, then returns what it read; fails after `timeoutMs` with the
 * last value read, so a test that waits on an eventually consistent read says what it saw.
 */
export function eventually<T, S extends T>(read: () => T | Promise<T>, condition: (value: T) => value is S, options?: EventuallyOptions): Promise<S>;
export function eventually<T>(read: () => T | Promise<T>, condition: (value: T) => boolean, options?: EventuallyOptions): Promise<T>;
/** Polls `check` until it answers true; fails after `timeoutMs` naming `what` it waited for. */
export function eventually(check: () => boolean | Promise<boolean>, options?: EventuallyOptions): Promise<void>;
export async function eventually<T>(
  read: () => T | Promise<T>,
  conditionOrOptions?: ((value: T) => boolean) | EventuallyOptions,
  maybeOptions: EventuallyOptions = {},
): Promise<T | undefined> {
  const checksItself = typeof conditionOrOptions !== 'function';
  const condition = checksItself ? (value: T) => value === true : conditionOrOptions;
  const { what = 'the condition holds', timeoutMs = 20_000, intervalMs = 25 } = checksItself ? (conditionOrOptions ?? {}) : maybeOptions;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (condition(value)) return checksItself ? undefined : value;
    if (Date.now() > deadline) {
      const seen = checksItself ? '' : `; last value: ${JSON.stringify(value, bigintsAsStrings)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${seen}`);
    }
    await delay(intervalMs);
  }
}

function bigintsAsStrings(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
