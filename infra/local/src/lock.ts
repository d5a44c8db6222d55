import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './paths';
import { StackError } from './stack-error';
import { sleep } from './wait';

/**
 * Serialises `up`/`down` between processes (two terminals, two jest projects), so a server is
 * never started twice.
 */
export async function withStackLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(stateDir, { recursive: true });
  return withDirectoryLock(join(stateDir, '.stack.lock'), work);
}

/**
 * Runs `work` while holding `lockDir`, a directory holding the owner's pid (mkdir is atomic); a
 * dead owner's lock is taken over.
 */
export async function withDirectoryLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      if (!ownerAlive(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new StackError(`another process holds ${lockDir}; wait for it or remove the folder if no such process runs`);
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function ownerAlive(lockDir: string): boolean {
  try {
    const pid = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // EPERM: the process exists. ENOENT: the owner made the folder and is writing its pid.
    if (code === 'ENOENT') return lockAgeMs(lockDir) < 5_000;
    return code === 'EPERM';
  }
}

function lockAgeMs(lockDir: string): number {
  try {
    return Date.now() - statSync(lockDir).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
