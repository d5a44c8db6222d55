import { type Pool } from 'pg';
import { type ProjectionDefinition } from '../port/projection';
import { PostgresReadModelCopies } from '../postgres/postgres-read-model-copies';
import { transferSummaryProjection } from './transfer-summary/transfer-summary.projection';

export const transferProjectionNames = ['transfer-summary'] as const;
export type TransferProjectionName = (typeof transferProjectionNames)[number];

export interface TransferProjectionsOptions {
  /** PostgreSQL: the read-model tables, and where rebuilds record which copy is live. */
  readonly pool: Pool;
  /** PostgreSQL schema of the read-model tables (READ_MODEL_SCHEMA). */
  readonly readModelSchema: string;
}

/** The transfer read models of the query API (its READ-MODEL CONTRACT), each at its version; they read the `transfer` streams. */
export function transferProjections({ pool, readModelSchema: schema }: TransferProjectionsOptions): ProjectionDefinition[] {
  const summary = new PostgresReadModelCopies({
    pool,
    schema,
    projection: 'transfer-summary',
    tables: ['transfer_summary'],
    projectionOn: (tableOf) => transferSummaryProjection({ schema, table: tableOf('transfer_summary') }),
  });
  return [
    { name: 'transfer-summary', version: 1, categories: ['transfer'], store: summary.store(''), copies: summary },
  ] satisfies (ProjectionDefinition & { name: TransferProjectionName })[];
}
