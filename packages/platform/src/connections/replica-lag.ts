import { Gauge, type Registry } from 'prom-client';
import type { Pool } from 'pg';
import type { HealthChecks } from '../health/health-checks';

export const REPLICA_LAG_METRIC = 'ledger_db_replica_lag_seconds';

/** How far the server behind READ_DATABASE_URL is behind its primary. */
export interface ReplicaLag {
  /** False when READ_DATABASE_URL names a primary (a pooler in front of it, a test): nothing lags then. */
  readonly inRecovery: boolean;
  /** Seconds since the last transaction it replayed was committed, while it has WAL still to replay; 0 when caught up. */
  readonly lagSeconds: number;
  /** An operator (or a test) paused replay with pg_wal_replay_pause(): the lag only grows until it is resumed. */
  readonly replayPaused: boolean;
}

/**
 * The replica's own view, in one statement. Lag is "now minus the commit time of the last
 * replayed transaction", but only while WAL it received is still unreplayed: on a quiet primary
 * the last commit may be an hour old with nothing to replay, which is no lag at all. Before this
 * server replayed any transaction, its start time stands in for that commit time.
 */
const LAG_SQL = `
  WITH state AS (
    SELECT pg_is_in_recovery() AS in_recovery, pg_last_wal_receive_lsn() AS received, pg_last_wal_replay_lsn() AS replayed
  )
  SELECT in_recovery,
         CASE WHEN in_recovery AND received IS NOT NULL AND received > replayed
              THEN greatest(0, extract(epoch FROM now() - coalesce(pg_last_xact_replay_timestamp(), pg_postmaster_start_time())))
              ELSE 0 END::float8 AS lag_seconds,
         in_recovery AND pg_get_wal_replay_pause_state() <> 'not paused' AS replay_paused
  FROM state`;

export async function measureReplicaLag(pool: Pool): Promise<ReplicaLag> {
  const { rows } = await pool.query<{ in_recovery: boolean; lag_seconds: number; replay_paused: boolean }>(LAG_SQL);
  const row = rows[0];
  if (row === undefined) throw new Error('the replica lag query returned no row');
  return { inRecovery: row.in_recovery, lagSeconds: Math.round(row.lag_seconds * 1_000) / 1_000, replayPaused: row.replay_paused };
}

export interface ReplicaLagMonitoring {
  /** The pool on READ_DATABASE_URL. */
  readonly pool: Pool;
  /** READ_REPLICA_MAX_LAG_SECONDS. */
  readonly maxLagSeconds: number;
  readonly healthChecks: HealthChecks;
  readonly registry: Registry;
}

/**
 * The replica's lag on `/metrics` (a gauge measured at scrape time, absent while the replica
 * cannot be asked) and on `/health/ready` as the required check `replica`: down, so the app is
 * not ready, when it cannot be asked or lags more than `maxLagSeconds`. Ready then means "my
 * reads are at most that stale": an instance on a lagging replica stops taking traffic, rather
 * than answering old data or holding every read-your-writes wait until it times out.
 */
export function registerReplicaLagMonitoring({ pool, maxLagSeconds, healthChecks, registry }: ReplicaLagMonitoring): void {
  new Gauge({
    name: REPLICA_LAG_METRIC,
    help: 'Seconds the read replica (READ_DATABASE_URL) is behind its primary: since the last replayed commit while WAL is pending, 0 when caught up',
    registers: [registry],
    async collect() {
      this.reset();
      try {
        this.set((await measureReplicaLag(pool)).lagSeconds);
      } catch {
        // No sample rather than a stale one; the `replica` health check says why.
      }
    },
  });
  healthChecks.register({
    name: 'replica',
    check: async () => {
      const lag = await measureReplicaLag(pool);
      if (lag.lagSeconds > maxLagSeconds) {
        throw new Error(`the replica is ${lag.lagSeconds} s behind its primary, more than READ_REPLICA_MAX_LAG_SECONDS (${maxLagSeconds} s)${lag.replayPaused ? '; its replay is paused' : ''}`);
      }
      return { ...lag, maxLagSeconds };
    },
  });
}
