import { type ArgumentMetadata } from '@nestjs/common';
import { IsInt, IsOptional, IsUUID } from 'class-validator';
import { createValidationPipe } from './validation.pipe';
import { ValidationFailedException } from './validation-failed.exception';

class OptionalQuery {
  @IsOptional()
  @IsInt()
  minRevision?: number;
}

class RequiredParams {
  @IsUUID()
  accountId!: string;
}

const as = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

describe('createValidationPipe', () => {
  it('turns an empty object into the DTO every time, the same as validating it', async () => {
    const pipe = createValidationPipe();

    const first: unknown = await pipe.transform({}, as(OptionalQuery));
    const again: unknown = await pipe.transform({}, as(OptionalQuery));

    expect(first).toBeInstanceOf(OptionalQuery);
    expect(again).toBeInstanceOf(OptionalQuery);
    expect(again).not.toBe(first);
    await expect(pipe.transform({ minRevision: 'x' }, as(OptionalQuery))).rejects.toBeInstanceOf(ValidationFailedException);
    await expect(pipe.transform({ other: 1 }, as(OptionalQuery))).rejects.toBeInstanceOf(ValidationFailedException);
  });

  it('keeps refusing an empty object for a DTO with required fields', async () => {
    const pipe = createValidationPipe();

    await expect(pipe.transform({}, as(RequiredParams))).rejects.toBeInstanceOf(ValidationFailedException);
    await expect(pipe.transform({}, as(RequiredParams))).rejects.toBeInstanceOf(ValidationFailedException);
  });

  it('passes values of non-DTO types through untouched', async () => {
    const pipe = createValidationPipe();

    await expect(pipe.transform({}, as(Object))).resolves.toEqual({});
    await expect(pipe.transform('7', as(String))).resolves.toBe('7');
  });
});
