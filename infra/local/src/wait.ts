import { StackError } from './stack-error';

export interface WaitOptions {
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Called on every failed attempt: lets a caller stop early, e.g. when the process died. */
  readonly giveUpIf?: () => string | undefined;
  readonly hint?: string;
}

/** Retries `attempt` until it resolves or the deadline passes; the last error ends up in the message. */
export async function waitUntil<T>(attempt: () => Promise<T>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
    }
    const reason = options.giveUpIf?.();
    if (reason !== undefined) throw new StackError(`${options.what}: ${reason}${hintSuffix(options)}`);
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? lastError.message : String(lastError);
      throw new StackError(`${options.what}: not ready after ${Math.round(options.timeoutMs / 1000)} s (${cause})${hintSuffix(options)}`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

function hintSuffix(options: WaitOptions): string {
  return options.hint === undefined ? '' : `; ${options.hint}`;
}
