import { type ArgumentMetadata } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { createValidationPipe } from '../errors/validation.pipe';
import { ValidationFailedException } from '../errors/validation-failed.exception';
import { INT64_MAX, IsDecimalInteger } from './decimal-integer';

class WaitParams {
  @IsOptional()
  @IsDecimalInteger({ min: 0n, max: INT64_MAX })
  readonly minRevision?: bigint;

  @IsOptional()
  @IsDecimalInteger({ min: 0, max: 30_000 })
  readonly timeoutMs?: number;

  @IsOptional()
  @IsDecimalInteger({ min: 1, max: 200 })
  readonly limit?: number;
}

const query: ArgumentMetadata = { type: 'query', metatype: WaitParams };
const pipe = createValidationPipe();
const parsed = (params: Record<string, unknown>) => pipe.transform(params, query) as Promise<WaitParams>;

async function refusal(params: Record<string, unknown>): Promise<readonly { field: string; message: string }[]> {
  const error: unknown = await parsed(params).catch((thrown: unknown) => thrown);
  if (!(error instanceof ValidationFailedException)) throw new Error(`expected 400 VALIDATION_FAILED for ${JSON.stringify(params)}`);
  return error.errors;
}

describe('IsDecimalInteger: numbers in paths and queries', () => {
  it('turns decimal digits into a bigint or a number, the bounds included', async () => {
    expect(await parsed({ minRevision: '0', timeoutMs: '0', limit: '1' })).toEqual({ minRevision: 0n, timeoutMs: 0, limit: 1 });
    expect(await parsed({ minRevision: '9223372036854775807', timeoutMs: '30000', limit: '200' })).toEqual({
      minRevision: 9_223_372_036_854_775_807n,
      timeoutMs: 30_000,
      limit: 200,
    });
    expect(await parsed({ minRevision: '007' })).toEqual({ minRevision: 7n });
  });

  it.each([
    ['an exponent', '1e300'],
    ['a sign', '-1'],
    ['a plus sign', '+1'],
    ['a fraction', '1.5'],
    ['a trailing point', '1.'],
    ['a leading space', ' 1'],
    ['a trailing space', '1 '],
    ['hexadecimal', '0x10'],
    ['binary', '0b1'],
    ['full-width digits', '１'],
    ['Arabic-Indic digits', '٣'],
    ['nothing', ''],
    ['a word', 'Infinity'],
    ['one past the int64 maximum', '9223372036854775808'],
    ['20 digits', '10000000000000000000'],
    ['20 digits with a leading zero', '09223372036854775807'],
    ['a thousand digits', '9'.repeat(1_000)],
    ['a repeated parameter', ['1', '2']],
  ])('refuses %s with 400 naming the field', async (_, minRevision) => {
    expect(await refusal({ minRevision })).toEqual([{ field: 'minRevision', message: 'minRevision must be a whole number in decimal digits from 0 to 9223372036854775807' }]);
  });

  it.each([
    ['timeoutMs', '30001'],
    ['timeoutMs', '-0'],
    ['limit', '0'],
    ['limit', '201'],
    ['limit', '1e2'],
  ])('refuses %s=%s beyond its bounds', async (field, value) => {
    expect((await refusal({ [field]: value })).map((error) => error.field)).toEqual([field]);
  });

  it('lists every bad number in one answer', async () => {
    expect((await refusal({ minRevision: '1e300', timeoutMs: '99999', limit: '0' })).map((error) => error.field)).toEqual(['minRevision', 'timeoutMs', 'limit']);
  });

  it('refuses number bounds that are not safe integers, where a bigint is the honest type', () => {
    expect(() => IsDecimalInteger({ min: 0, max: 2 ** 64 })).toThrow(RangeError);
  });
});
