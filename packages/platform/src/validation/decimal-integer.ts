import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments } from 'class-validator';

/** The largest PostgreSQL bigint: revisions, positions and other int64 columns. */
export const INT64_MAX = 9_223_372_036_854_775_807n;

/** Inclusive bounds; bigint bounds make the property a bigint, number bounds a number. */
export interface DecimalIntegerRange<Value extends number | bigint> {
  readonly min: Value;
  readonly max: Value;
}

const decimalDigits = /^[0-9]+$/;

/**
 * The value of `text` if it is ASCII decimal digits within the range, else undefined. Length is
 * checked before anything is parsed, so a megabyte of digits costs nothing; a value written in
 * more digits than `max` has (leading zeros included) is refused for the same reason.
 */
export function parseDecimalInteger(text: unknown, min: bigint, max: bigint): bigint | undefined {
  if (typeof text !== 'string' || text.length > max.toString().length || !decimalDigits.test(text)) return undefined;
  const value = BigInt(text);
  return value >= min && value <= max ? value : undefined;
}

/**
 * A number in a path or query string (a revision, a position, a limit, a timeout, an id): the
 * text must be decimal digits `0-9` only (no sign, fraction, exponent, spaces, `0x`, or digits of
 * other scripts) and within `range`, else 400 VALIDATION_FAILED names the property. The property
 * arrives as a number (number bounds, which must be safe integers) or a bigint (bigint bounds).
 * `Number()` and `parseInt` are each too kind: `1e300`, ` 1`, `0x10` and `1.0` all pass one of them.
 */
export function IsDecimalInteger<Value extends number | bigint>(range: DecimalIntegerRange<Value>): PropertyDecorator {
  const asBigint = typeof range.max === 'bigint';
  if (!asBigint && !(Number.isSafeInteger(range.min) && Number.isSafeInteger(range.max))) {
    throw new RangeError('IsDecimalInteger: number bounds must be safe integers; use bigint bounds beyond them');
  }
  const [min, max] = [BigInt(range.min), BigInt(range.max)];
  return applyDecorators(
    // A value that does not parse stays as it came, and the check below refuses it.
    Transform(({ value }: { value: unknown }) => {
      const parsed = parseDecimalInteger(value, min, max);
      if (parsed === undefined) return value;
      return asBigint ? parsed : Number(parsed);
    }),
    ValidateBy({
      name: 'isDecimalInteger',
      validator: {
        validate: (value: unknown) => typeof value === (asBigint ? 'bigint' : 'number'),
        defaultMessage: ({ property }: ValidationArguments) => `${property} must be a whole number in decimal digits from ${min} to ${max}`,
      },
    }),
  );
}
