/**
 * What a long-running command needs besides the admin client: a stream to show progress on while
 * it runs (its final result still comes back as `CliOutput`), and a clock. Passed in, so tests
 * see every line a terminal would, without waiting.
 */
export interface CliIo {
  readonly progress: {
    /** A terminal redraws one line in place; a log (CI) gets whole lines, now and then. */
    readonly isTTY: boolean;
    /** The terminal's width, when known: a line longer than it would wrap and break the redraw. */
    readonly columns?: number;
    write(text: string): void;
  };
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** No progress shown, the real clock: for callers that only want the final output. */
export const quietIo: CliIo = {
  progress: { isTTY: false, write: () => undefined },
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A command that ran but did not do what was asked (a rebuild failed): exit code 1 and this
 * message, after `stdout`, what the command had done before it stopped (a migration step's
 * schemas migrated so far).
 */
export class CommandFailed extends Error {
  override readonly name = 'CommandFailed';

  constructor(
    message: string,
    readonly stdout = '',
  ) {
    super(message);
  }
}
