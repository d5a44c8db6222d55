// Open-loop load: operation i is started at start + i / rate whether or not earlier ones have
// answered, so the rate stays steady and a slow answer cannot hold back the next requests
// (a closed loop would wait, hiding the very delays a latency figure should show).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface OpenLoopRun {
  /** Operations started, and the seconds from the first start to the last answer. */
  readonly started: number;
  readonly seconds: number;
  /** How late the scheduler started operations behind their due time, worst case (ms). */
  readonly worstStartDelayMs: number;
}

/**
 * Starts `fire(index, dueAt)` at `rate` per second for `durationMs`, then waits for all of
 * them. `fire` measures from `dueAt` (the schedule), not from when it ran, so client-side
 * queueing counts as latency. `index` continues from `firstIndex`.
 */
export async function openLoop(
  rate: number,
  durationMs: number,
  fire: (index: number, dueAt: number) => Promise<void>,
  firstIndex = 0,
): Promise<OpenLoopRun> {
  const began = performance.now();
  const total = Math.max(1, Math.floor((rate * durationMs) / 1000));
  const running: Promise<void>[] = [];
  let worstStartDelayMs = 0;
  for (let next = 0; next < total; ) {
    const now = performance.now();
    for (let dueAt = began + (next * 1000) / rate; next < total && dueAt <= now; dueAt = began + (next * 1000) / rate) {
      worstStartDelayMs = Math.max(worstStartDelayMs, now - dueAt);
      running.push(fire(firstIndex + next, dueAt));
      next += 1;
    }
    if (next < total) await sleep(Math.max(0, began + (next * 1000) / rate - performance.now()));
  }
  await Promise.all(running);
  return { started: total, seconds: (performance.now() - began) / 1000, worstStartDelayMs };
}
