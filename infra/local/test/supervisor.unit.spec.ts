import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { Supervisor } from '../src/supervisor';

/** A stand-in child: the supervisor only watches `exit` and sends signals. */
class FakeChild extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly signals: string[] = [];
  kill(signal: NodeJS.Signals): boolean {
    this.signals.push(signal);
    this.exit(null, signal);
    return true;
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
  }
}

function supervised() {
  const children: FakeChild[] = [];
  const lines: string[] = [];
  const delays: number[] = [];
  const pending: (() => void)[] = [];
  let clock = 0;
  const supervisor = new Supervisor({
    name: 'projector',
    spawn: () => {
      const child = new FakeChild();
      children.push(child);
      return child as unknown as ChildProcess;
    },
    say: (line) => lines.push(line),
    now: () => clock,
    random: () => 0,
    schedule: (run, delayMs) => {
      delays.push(delayMs);
      pending.push(run);
    },
  });
  const advance = (ms: number) => (clock += ms);
  const runScheduled = () => pending.splice(0).forEach((run) => run());
  return { supervisor, children, lines, delays, advance, runScheduled };
}

describe('Supervisor', () => {
  it('given an app that exits by itself, starts it again after a delay and says so', () => {
    const { supervisor, children, lines, delays, advance, runScheduled } = supervised();
    supervisor.start();

    advance(5_000);
    children[0]?.exit(1);
    runScheduled();

    expect(children).toHaveLength(2);
    expect(delays).toEqual([1_000]);
    expect(lines).toEqual(['projector exited (code 1) after 5.0 s; restarting in 1.0 s (restart 1)']);
  });

  it('given an app that keeps exiting at once, doubles the delay up to 30 s; a long healthy run resets it', () => {
    const { supervisor, children, delays, advance, runScheduled } = supervised();
    supervisor.start();
    for (let i = 0; i < 7; i++) {
      children.at(-1)?.exit(1);
      runScheduled();
    }
    advance(120_000);
    children.at(-1)?.exit(1);

    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 1_000]);
  });

  it('given a stop, ends the app with SIGTERM and starts nothing again', () => {
    const { supervisor, children, lines, delays } = supervised();
    supervisor.start();

    void supervisor.stop();

    expect(children[0]?.signals).toEqual(['SIGTERM']);
    expect(children).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(lines).toEqual(['projector exited (SIGTERM)']);
  });
});
