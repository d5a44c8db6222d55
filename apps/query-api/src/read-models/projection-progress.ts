import { APP_CONFIG, PG_POOL } from '@ledger/platform';
import { Inject, Injectable } from '@nestjs/common';
import { type Pool } from 'pg';
import type { QueryApiConfig } from '../query-api.config';
import { streamIdOf, type ReadSubject } from './read-subject';

/** The PostgreSQL projections whose progress read-your-writes waits on. */
export type WaitableProjection = 'account-summary' | 'account-transactions' | 'transfer-summary';

/**
 * How far a projection got in an account's or a transfer's stream: its guard row, written in the
 * same transaction as the read model's rows. Every event moves it (a freeze as well as a
 * deposit, a revision an operator skipped as well as an applied one), so a client waiting for a
 * revision never waits for something that will not come.
 */
@Injectable()
export class ProjectionProgress {
  private readonly table: string;

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) config: QueryApiConfig,
  ) {
    this.table = `"${config.readModelSchema}".projection_stream_revisions`;
  }

  /** The revision applied, or undefined when the projection has not seen the subject's stream. */
  async revisionOf(projection: WaitableProjection, subject: ReadSubject): Promise<bigint | undefined> {
    const streamId = streamIdOf(subject);
    return (await this.revisionsOf(projection, [streamId])).get(streamId);
  }

  /** The revisions applied to any number of streams, in one query; streams never seen are absent. */
  async revisionsOf(projection: string, streamIds: readonly string[]): Promise<Map<string, bigint>> {
    const result = await this.pool.query<{ stream_id: string; revision: string }>(
      `SELECT stream_id, revision::text FROM ${this.table} WHERE projection = $1 AND stream_id = ANY($2::text[])`,
      [projection, streamIds],
    );
    return new Map(result.rows.map((row) => [row.stream_id, BigInt(row.revision)]));
  }
}
