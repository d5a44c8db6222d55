import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOurProcessAlive, runningPid, spawnDaemon, stopProcess } from '../src/processes';
import { formatStatusTable } from '../src/status-table';

describe('daemon processes of the local stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stack-processes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the pid of a started server, notices when it was killed, and forgets it', () => {
    const pidFile = join(dir, 'sleep.pid');
    const record = spawnDaemon({ command: 'sleep', args: ['30'], logFile: join(dir, 'sleep.log'), pidFile });
    expect(runningPid(pidFile)).toBe(record.pid);

    process.kill(record.pid, 'SIGKILL');
    spawnSync('sleep', ['0.2']);

    expect(runningPid(pidFile)).toBeUndefined();
    expect(existsSync(pidFile)).toBe(false);
  });

  it('stops only a process whose command line is still the one it started', async () => {
    const pidFile = join(dir, 'other.pid');
    const record = spawnDaemon({ command: 'sleep', args: ['30'], logFile: join(dir, 'other.log'), pidFile, identifiedBy: 'not-this-program' });
    try {
      expect(await stopProcess(pidFile, 'SIGTERM', 1_000)).toBe(false);
      expect(() => process.kill(record.pid, 0)).not.toThrow();
    } finally {
      process.kill(record.pid, 'SIGKILL');
    }
  });

  it('stops its own process with the given signal', async () => {
    const pidFile = join(dir, 'own.pid');
    const record = spawnDaemon({ command: 'sleep', args: ['30'], logFile: join(dir, 'own.log'), pidFile });
    expect(await stopProcess(pidFile, 'SIGTERM', 5_000)).toBe(true);
    // Dead, or a zombie this test's process has not reaped yet: either way no longer running.
    expect(isOurProcessAlive(record)).toBe(false);
  });

  it('prints status as an aligned table', () => {
    const table = formatStatusTable([
      { name: 'kafka', state: 'stopped', version: '3.9.1', port: 19092, pid: undefined, dataDir: '/d', logFile: '/l' },
    ]);
    expect(table.split('\n')).toEqual([
      'component  state    version  port   pid  data dir  log file',
      'kafka      stopped  3.9.1    19092  -    /d        /l',
    ]);
  });
});
