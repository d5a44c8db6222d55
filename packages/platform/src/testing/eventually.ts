import { setTimeout as delay } from 'node:timers/promises';

/**
 * Reads until `condition` holds, then returns what it read; fails after `timeoutMs` with the
 * last value read, so a test that waits on an eventually consistent read model says what it saw.
 */
export async function eventually<T>(read: () => Promise<T>, condition: (value: T) => boolean, timeoutMs = 20_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (condition(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value, bigintsAsStrings)}`);
    await delay(intervalMs);
  }
}

function bigintsAsStrings(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
