/**
 * A level-triggered wake-up: `notify()` before `wait()` is not lost, it makes the next
 * `wait()` return at once. That closes the race where a commit is announced between a
 * subscription's read and the moment it starts waiting.
 */
export class WakeSignal {
  private pending = false;
  private resolveWaiter: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.resolveWaiter?.();
  }

  /** Forgets earlier notifications: call right before reading, so later ones still count. */
  reset(): void {
    this.pending = false;
  }

  /** Resolves on the next notify, or after `timeoutMs`, whichever comes first. */
  async wait(timeoutMs: number): Promise<void> {
    if (this.pending) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.resolveWaiter = resolve;
      timer = setTimeout(resolve, timeoutMs);
    });
    clearTimeout(timer);
    this.resolveWaiter = undefined;
  }
}
