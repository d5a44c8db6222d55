import { type AppendResult } from '../port/event-store';
import { WrongExpectedVersionError } from '../port/wrong-expected-version.error';

/**
 * How an append ended: stored, refused because the stream was not at the expected revision
 * (another writer won; the command side reloads and decides again), or failed for any other
 * reason (the store away, a timeout: the outcome may be unknown).
 */
export type AppendOutcome = 'appended' | 'conflict' | 'failed';

/** Told about every append once it settles; metrics implement it, so this package needs no metrics library. */
export interface AppendObserver {
  appendSettled(outcome: AppendOutcome, seconds: number, events: number): void;
}

function outcomeOf(error: unknown): AppendOutcome {
  return error instanceof WrongExpectedVersionError ? 'conflict' : 'failed';
}

/** Runs `append` and tells `observer` how long it took, how it ended and how many events it carried. */
export async function observedAppend(observer: AppendObserver, events: number, append: () => Promise<AppendResult>): Promise<AppendResult> {
  const started = performance.now();
  try {
    const result = await append();
    observer.appendSettled('appended', (performance.now() - started) / 1_000, events);
    return result;
  } catch (error) {
    observer.appendSettled(outcomeOf(error), (performance.now() - started) / 1_000, events);
    throw error;
  }
}
