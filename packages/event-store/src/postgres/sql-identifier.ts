/** Quotes a schema or table name for SQL text (identifiers cannot be bind parameters). */
export function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`Invalid PostgreSQL name "${name}": use lower-case letters, digits and _`);
  }
  return `"${name}"`;
}
