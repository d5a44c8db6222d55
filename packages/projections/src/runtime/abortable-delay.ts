import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, or less if `signal` aborts; never rejects. */
export async function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}
