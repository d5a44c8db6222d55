import { APP_CONFIG, HealthChecks, PG_POOL, registerReplicaLagMonitoring } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import { Registry } from 'prom-client';
import type { QueryApiConfig } from '../query-api.config';

/**
 * With READ_DATABASE_URL set, the pool reads from a replica: its lag goes on /metrics
 * (`ledger_db_replica_lag_seconds`) and /health/ready (`replica`, down past
 * READ_REPLICA_MAX_LAG_SECONDS). Without it the pool is the primary, and nothing lags.
 */
@Injectable()
export class ReadReplicaLag {
  constructor(@Inject(PG_POOL) pool: Pool, @Inject(APP_CONFIG) config: QueryApiConfig, healthChecks: HealthChecks, registry: Registry) {
    if (config.readDatabaseUrl === undefined) return;
    registerReplicaLagMonitoring({ pool, maxLagSeconds: config.readReplicaMaxLagSeconds, healthChecks, registry });
  }
}
