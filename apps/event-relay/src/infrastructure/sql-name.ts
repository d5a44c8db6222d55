/** Schema names go into SQL text (identifiers cannot be bind parameters), so only plain names pass. */
export function parseSqlName(value: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw new Error(`"${value}" is not a lower-case SQL name`);
  return value;
}
