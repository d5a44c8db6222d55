/**
 * The `default` branch of an exhaustive switch: it only compiles when every case is handled,
 * so a new command or event type breaks each switch that forgot it.
 */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}`);
}
