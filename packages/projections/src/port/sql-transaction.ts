/** A PostgreSQL transaction as projections use it: one client, every statement inside the unit. */
export interface SqlTransaction {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ readonly rows: Row[]; readonly rowCount: number | null }>;
}
