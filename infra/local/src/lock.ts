import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './paths';
import { StackError } from './stack-error';
import { sleep } from './wait';

const lockDir = join(stateDir, '.stack.lock');

/**
 * Serialises `up`/`down` between processes (two terminals, two jest projects), so a server is
 * never started twice. The lock is a directory holding the owner's pid; a dead owner's lock is taken over.
 */
export async function withStackLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(stateDir, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      if (!ownerAlive()) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new StackError(`another stack command holds ${lockDir}; wait for it or remove the folder if no such command runs`);
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function ownerAlive(): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // EPERM: the process exists. ENOENT: the owner made the folder and is writing its pid.
    if (code === 'ENOENT') return lockAgeMs() < 5_000;
    return code === 'EPERM';
  }
}

function lockAgeMs(): number {
  try {
    return Date.now() - statSync(lockDir).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
