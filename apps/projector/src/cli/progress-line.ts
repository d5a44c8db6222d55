import { type CliIo } from './cli-io';

/** A CI log is read later, by a person: a line every 2 s says it is alive without flooding it. */
const LOG_INTERVAL_MS = 2_000;

/**
 * One progress line: on a terminal redrawn in place (`\r`, then erase to the end of the line);
 * elsewhere written whole, at most every 2 s, and the final state always.
 */
export class ProgressLine {
  private lastWrittenAt: number | undefined;
  private lastWritten: string | undefined;

  constructor(private readonly io: CliIo) {}

  show(line: string): void {
    const { progress } = this.io;
    if (progress.isTTY) {
      progress.write(`\r${line}\u001b[K`);
      return;
    }
    const now = this.io.now();
    if (this.lastWrittenAt !== undefined && now - this.lastWrittenAt < LOG_INTERVAL_MS) return;
    this.writeLine(line, now);
  }

  /** The last state, and the cursor on a fresh line for what follows. */
  finish(line: string): void {
    const { progress } = this.io;
    if (progress.isTTY) progress.write(`\r${line}\u001b[K\n`);
    else if (line !== this.lastWritten) this.writeLine(line, this.io.now());
  }

  private writeLine(line: string, now: number): void {
    this.io.progress.write(`${line}\n`);
    this.lastWrittenAt = now;
    this.lastWritten = line;
  }
}
