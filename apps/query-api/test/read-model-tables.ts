import { type Pool } from 'pg';

/**
 * TEMPORARY: the read-model tables as the projector's migrations define them, until
 * packages/projections exports its migrator; then this calls it instead.
 */
export async function createReadModelTables(pool: Pool, schema: string): Promise<void> {
  await pool.query(`
    CREATE SCHEMA "${schema}";
    CREATE TABLE "${schema}".account_summary (
      account_id uuid PRIMARY KEY, owner_id uuid NOT NULL, currency text NOT NULL,
      balance_minor bigint NOT NULL, status text NOT NULL CHECK (status IN ('open','frozen','closed')),
      revision bigint NOT NULL, opened_at timestamptz NOT NULL, updated_at timestamptz NOT NULL);
    CREATE TABLE "${schema}".account_transactions (
      account_id uuid NOT NULL, revision bigint NOT NULL, type text NOT NULL CHECK (type IN ('deposit','withdrawal')),
      amount_minor bigint NOT NULL, currency text NOT NULL, balance_after_minor bigint NOT NULL,
      reference text, occurred_at timestamptz NOT NULL, PRIMARY KEY (account_id, revision));
    CREATE TABLE "${schema}".projection_stream_revisions (
      projection text NOT NULL, stream_id text NOT NULL, revision bigint NOT NULL, PRIMARY KEY (projection, stream_id));
  `);
}
