import { InvalidFieldError } from './encoded-event';

/** Event data as a plain object; anything else (null, an array, a string) is refused. */
export function asRecord(data: unknown): Readonly<Record<string, unknown>> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidFieldError('data is not an object');
  }
  return data as Readonly<Record<string, unknown>>;
}

/** A required string field. */
export function readString(record: Readonly<Record<string, unknown>>, field: string): string {
  const value = record[field];
  if (typeof value !== 'string') throw new InvalidFieldError(`"${field}" is not a string`);
  return value;
}

/** An optional string field: absent (or null) reads as undefined. */
export function readOptionalString(record: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidFieldError(`"${field}" is not a string`);
  return value;
}

/** Minor units stored as a string of digits ("12550"): bigint does not survive JSON. */
export function readMinorUnits(record: Readonly<Record<string, unknown>>, field: string): bigint {
  const value = readString(record, field);
  if (!/^(0|[1-9]\d*)$/.test(value)) throw new InvalidFieldError(`"${field}" is not a whole number of minor units`);
  return BigInt(value);
}

/** Turns a smart constructor's refusal into a decoding failure naming the field. */
export function required<T>(
  field: string,
  result: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { readonly message: string } },
): T {
  if (!result.ok) throw new InvalidFieldError(`"${field}": ${result.error.message}`);
  return result.value;
}
