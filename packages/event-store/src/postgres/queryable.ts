import { type QueryResult, type QueryResultRow } from 'pg';

/** A Pool or a checked-out client: operations run on either, so callers can own the transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}
