import { startOnFreePort, type RunningApp } from '@ledger/platform/testing';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '@ledger/event-store/testing';
import { appendInBackground, appliedPerStream, relayTestBed, type BackgroundAppends, type RelayTestBed } from './relay.harness';

const subject = { main: join(__dirname, '..', 'dist', 'main.js'), portVariable: 'EVENT_RELAY_PORT' };

/** One running relay process: its role as /health reports it, and a way to kill it like `kill -9`. */
class RelayProcess {
  private constructor(private readonly app: RunningApp) {}

  static async start(bed: RelayTestBed): Promise<RelayProcess> {
    return new RelayProcess(await startOnFreePort(subject, { ...bed.env, LOG_LEVEL: 'debug' }));
  }

  async role(): Promise<string | undefined> {
    const body = (await (await fetch(`${this.app.url}/health`)).json()) as { checks: { relay?: { details?: { role?: string } } } };
    return body.checks.relay?.details?.role;
  }

  /** Positions where each batch this process published began. */
  batchStarts(): bigint[] {
    return this.logLines()
      .filter((line) => line['message'] === 'batch published')
      .map((line) => BigInt(String(line['from'])));
  }

  /** SIGKILL: no shutdown hook runs, the checkpoint and the lock are left as they were. */
  async kill(): Promise<void> {
    const pid = this.logLines().find((line) => typeof line['process.pid'] === 'number')?.['process.pid'];
    if (typeof pid !== 'number') throw new Error('the relay logged no pid');
    process.kill(pid, 'SIGKILL');
    await this.app.stop();
  }

  stop(): Promise<number | null> {
    return this.app.stop();
  }

  private logLines(): Record<string, unknown>[] {
    return this.app.output().flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }
}

async function leaderOf(relays: readonly RelayProcess[]): Promise<RelayProcess> {
  const roles = await eventually(
    () => Promise.all(relays.map((relay) => relay.role())),
    (seen) => seen.filter((role) => role === 'leader').length === 1,
    { what: 'one relay leads' },
  );
  const leader = relays[roles.indexOf('leader')];
  if (leader === undefined) throw new Error('no leader');
  return leader;
}

describe('the built relay under kill -9 while events are being appended', () => {
  let bed: RelayTestBed;
  const started: RelayProcess[] = [];
  let appends: BackgroundAppends | undefined;
  beforeAll(async () => {
    bed = await relayTestBed('relay_crash');
  });
  afterAll(async () => {
    await appends?.stop().catch(() => undefined);
    await Promise.all(started.map((relay) => relay.stop()));
    await bed.dispose();
  });
  /** The checkpoint as it stands right before the kill: a successor must start after it. */
  const checkpointThenKill = async (leader: RelayProcess): Promise<bigint> => {
    const checkpoint = (await bed.checkpoint()) ?? 0n;
    await leader.kill();
    return checkpoint;
  };
  const start = async (): Promise<RelayProcess> => {
    const relay = await RelayProcess.start(bed);
    started.push(relay);
    return relay;
  };

  it('fails over to the standby, resumes from the checkpoint after each kill, and every appended event reaches Kafka', async () => {
    appends = appendInBackground(bed.store, 20);
    const standbys = await Promise.all([start(), start()]);

    const firstLeader = await leaderOf(standbys);
    await eventually(async () => (await bed.checkpoint()) !== undefined, { what: 'the first leader checkpointed' });
    await sleep(300);
    const firstCheckpoint = await checkpointThenKill(firstLeader);
    const secondLeader = await leaderOf(standbys.filter((relay) => relay !== firstLeader));
    // The restart takes a few seconds, while the second leader relays what keeps arriving.
    const restarted = await start();
    const secondCheckpoint = await checkpointThenKill(secondLeader);
    const thirdLeader = await leaderOf([restarted]);
    await sleep(500);
    const stored = await appends.stop();

    const consumed = await bed.consumedUntilAll(stored, 30_000);
    const { applied, gaps } = appliedPerStream(consumed);
    expect(gaps).toEqual([]);
    for (const streamId of new Set(stored.map((event) => event.streamId))) {
      expect(applied.get(streamId)).toEqual(stored.filter((event) => event.streamId === streamId).map((event) => event.streamRevision));
    }
    // Each successor resumed after the checkpoint its predecessor left (which only grows), not from the start of $all.
    expect(secondLeader.batchStarts()[0]).toBeGreaterThan(firstCheckpoint);
    expect(thirdLeader.batchStarts()[0]).toBeGreaterThan(secondCheckpoint);
  }, 90_000);
});
