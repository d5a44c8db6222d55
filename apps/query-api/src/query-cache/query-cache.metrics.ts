import { Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';

/** What the cache did for one account read (docs/operations.md, "Query cache"). */
export type QueryCacheOutcome = 'hit' | 'miss' | 'bypass' | 'error';

/** `ledger_query_cache_requests_total{outcome}`: the hit ratio is hit ÷ the sum. */
@Injectable()
export class QueryCacheMetrics {
  private readonly requests: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'ledger_query_cache_requests_total',
      help: 'Account reads by what the query cache did: hit (answered from Redis), miss (nothing cached), bypass (cached but older than minRevision, or not the reader’s), error (Redis failed or is skipped after failing, or PostgreSQL never named the read model’s generation)',
      labelNames: ['outcome'] as const,
      registers: [registry],
    });
    // Every outcome is exported from the start, so a ratio over them never lacks a series.
    for (const outcome of ['hit', 'miss', 'bypass', 'error'] as const) this.requests.inc({ outcome }, 0);
  }

  count(outcome: QueryCacheOutcome): void {
    this.requests.inc({ outcome });
  }
}
