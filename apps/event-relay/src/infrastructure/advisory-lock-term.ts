import { type AppLogger } from '@ledger/platform';
import { type Client } from 'pg';
import { type LeaderTerm } from '../relay/leadership';
import { relayLockClass } from './relay-locks';

export interface TermTimings {
  /** How often the leader asks its lock's session whether it is still alive. */
  readonly heartbeatMs: number;
}

/**
 * One leadership: the session that holds the advisory lock. The lock lives exactly as long as
 * that session, so any sign of the session failing (an error, its end, a heartbeat without an
 * answer) ends the term at once; it is never reconnected, since a new session would not hold
 * the lock.
 */
export class AdvisoryLockTerm implements LeaderTerm {
  private readonly ended = new AbortController();
  readonly lost: AbortSignal = this.ended.signal;
  private readonly heartbeat: NodeJS.Timeout;
  private resigned = false;
  private beating = false;

  constructor(
    private readonly session: Client,
    private readonly lockKey: string,
    timings: TermTimings,
    private readonly logger: AppLogger,
  ) {
    session.on('error', (error) => this.lose(error));
    session.on('end', () => this.lose(new Error('the session holding the lock ended')));
    this.heartbeat = setInterval(() => void this.beat(), timings.heartbeatMs);
  }

  async resign(): Promise<void> {
    if (this.resigned) return;
    this.resigned = true;
    clearInterval(this.heartbeat);
    if (!this.lost.aborted) {
      // Unlocking first hands over at once; ending the session would release it too, a moment later.
      await this.session.query('SELECT pg_advisory_unlock($1, hashtext($2))', [relayLockClass, this.lockKey]).catch(() => undefined);
    }
    await this.session.end().catch(() => undefined);
    this.logger.info({ lock: this.lockKey }, 'leadership released');
  }

  private async beat(): Promise<void> {
    if (this.beating) return; // the last one is still waiting (its query timeout will tell)
    this.beating = true;
    try {
      await this.session.query('SELECT 1');
    } catch (error) {
      this.lose(error);
    } finally {
      this.beating = false;
    }
  }

  private lose(reason: unknown): void {
    if (this.resigned || this.lost.aborted) return;
    clearInterval(this.heartbeat);
    this.logger.warn({ lock: this.lockKey, err: reason }, 'leadership lost: its database session failed');
    this.ended.abort(reason);
    void this.session.end().catch(() => undefined);
  }
}
