import { type AppLogger } from '@ledger/platform';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type ClientConfig } from 'pg';
import { type LeaderTerm, type Leadership } from '../relay/leadership';
import { AdvisoryLockTerm } from './advisory-lock-term';
import { relayLockClass } from './relay-locks';

export interface AdvisoryLockLeadershipOptions {
  /** Where to open the dedicated session (never a pooled one: the lock belongs to a session). */
  readonly connection: ClientConfig;
  /** What is being led; instances with the same name exclude each other. */
  readonly lockName: string;
  readonly logger: AppLogger;
  /**
   * How often a standby tries the lock: bounds failover after a leader's session ends. One
   * cheap query a second per standby costs the database nothing.
   */
  readonly retryMs?: number;
  /** How often the leader checks that its session (and so its lock) is alive. */
  readonly heartbeatMs?: number;
  /**
   * A heartbeat unanswered this long ends the term on the leader's side. Shorter than
   * `sessionTimeoutMs`, so a leader cut off from the database stops before the server releases
   * its lock to a standby.
   */
  readonly queryTimeoutMs?: number;
  /**
   * The server ends a session silent this long (`idle_session_timeout`), releasing the lock of
   * a leader that froze or lost its network; without it the lock would outlive the leader for
   * as long as TCP keepalive takes (hours by default). Ten heartbeats, so GC pauses and a busy
   * event loop never cost the leadership.
   */
  readonly sessionTimeoutMs?: number;
}

/**
 * Leadership through `pg_try_advisory_lock` on a dedicated session. Does not work behind a
 * PgBouncer in transaction mode, which would hand the session (and its lock) to someone else.
 */
export class AdvisoryLockLeadership implements Leadership {
  private readonly retryMs: number;
  private readonly heartbeatMs: number;
  private readonly queryTimeoutMs: number;
  private readonly sessionTimeoutMs: number;
  private standbySession: Client | undefined;
  private lastTerm: LeaderTerm | undefined;

  constructor(private readonly options: AdvisoryLockLeadershipOptions) {
    this.retryMs = options.retryMs ?? 1_000;
    this.heartbeatMs = options.heartbeatMs ?? 1_000;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 3_000;
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
  }

  async campaign(cancel: AbortSignal): Promise<LeaderTerm | undefined> {
    const { logger, lockName } = this.options;
    logger.info({ lock: lockName }, 'standby: waiting for the leadership');
    try {
      // A leader whose session broke steps back for two standby retries, so a standby (whose
      // connection did not just fail) wins the lock; alone, it takes the lead back after that.
      if (this.lastTerm?.lost.aborted === true) await sleep(2 * this.retryMs, undefined, { signal: cancel }).catch(() => undefined);
      while (!cancel.aborted) {
        const term = await this.tryLock().catch((error: unknown) => {
          logger.warn({ lock: lockName, err: error }, 'standby: cannot reach the database to campaign; retrying');
          return this.dropSession();
        });
        if (term !== undefined) {
          logger.info({ lock: lockName }, 'leadership acquired');
          this.lastTerm = term;
          return term;
        }
        await sleep(this.retryMs, undefined, { signal: cancel }).catch(() => undefined);
      }
      return undefined;
    } finally {
      if (cancel.aborted) await this.dropSession();
    }
  }

  /** One attempt on the standby's session; on success that session becomes the leader's. */
  private async tryLock(): Promise<LeaderTerm | undefined> {
    const session = this.standbySession ?? (await this.openSession());
    const result = await session.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS acquired', [
      relayLockClass,
      this.options.lockName,
    ]);
    if (result.rows[0]?.acquired !== true) return undefined;
    this.standbySession = undefined;
    session.removeAllListeners('error');
    return new AdvisoryLockTerm(session, this.options.lockName, { heartbeatMs: this.heartbeatMs }, this.options.logger);
  }

  private async openSession(): Promise<Client> {
    const session = new Client({ ...this.options.connection, keepAlive: true, query_timeout: this.queryTimeoutMs });
    // An idle client's error is emitted, and unhandled it would crash the process; the next
    // attempt finds the session broken and opens another.
    session.on('error', () => {
      if (this.standbySession === session) void this.dropSession();
    });
    this.standbySession = session;
    await session.connect();
    await session.query('SELECT set_config($1, $2, false)', ['idle_session_timeout', `${this.sessionTimeoutMs}ms`]);
    return session;
  }

  private async dropSession(): Promise<undefined> {
    const session = this.standbySession;
    this.standbySession = undefined;
    await session?.end().catch(() => undefined);
    return undefined;
  }
}
