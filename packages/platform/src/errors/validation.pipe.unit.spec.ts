import { type ArgumentMetadata } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
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

class ChildParams extends RequiredParams {
  @IsOptional()
  @IsInt()
  page?: number;
}

/** A value that records whether anything listed its keys, as class-transformer does when it copies a value. */
function watchedValue(): { value: object; walked: () => boolean } {
  let walked = false;
  const value = new Proxy(
    { deep: [[[]]] },
    {
      ownKeys(target) {
        walked = true;
        return Reflect.ownKeys(target);
      },
    },
  );
  return { value, walked: () => walked };
}

const errorsOf = async (pending: Promise<unknown>) => {
  const error: unknown = await pending.catch((thrown: unknown) => thrown);
  if (!(error instanceof ValidationFailedException)) throw new Error(`expected a ValidationFailedException, got ${String(error)}`);
  return error.errors;
};

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

  it('refuses unknown properties without walking their values, as class-validator words it', async () => {
    const pipe = createValidationPipe();
    const unknown = watchedValue();

    const errors = await errorsOf(pipe.transform({ accountId: '5b1f2a0e-8c1d-4c1e-9a39-3f1c2b7d9e10', extra: unknown.value }, as(RequiredParams)));

    expect(errors).toEqual([{ field: 'extra', message: 'property extra should not exist' }]);
    expect(unknown.walked()).toBe(false);
    // What the check spares: class-transformer lists the keys of every value it is given.
    plainToInstance(RequiredParams, { extra: unknown.value });
    expect(unknown.walked()).toBe(true);
  });

  it('reports the unknown properties first, then what is wrong with the known ones', async () => {
    const pipe = createValidationPipe();

    const errors = await errorsOf(pipe.transform({ accountId: 'nope', b: 1, a: 2 }, as(RequiredParams)));

    expect(errors.map((error) => error.field)).toEqual(['b', 'a', 'accountId']);
  });

  it('knows the properties a DTO inherits, and that a class without rules accepts none', async () => {
    const pipe = createValidationPipe();
    class NoRules {}

    await expect(pipe.transform({ accountId: '5b1f2a0e-8c1d-4c1e-9a39-3f1c2b7d9e10', page: 2 }, as(ChildParams))).resolves.toBeInstanceOf(ChildParams);
    expect(await errorsOf(pipe.transform({ force: true }, as(NoRules)))).toEqual([{ field: 'force', message: 'property force should not exist' }]);
    await expect(pipe.transform({}, as(NoRules))).resolves.toBeInstanceOf(NoRules);
  });

  it.each([null, 'x', 5, true, [], [{}]])('refuses a body that is not a JSON object (%j), even for a DTO without fields', async (body) => {
    const pipe = createValidationPipe();
    class EmptyBody {}

    for (const metatype of [EmptyBody, RequiredParams]) {
      expect(await errorsOf(pipe.transform(body, { type: 'body', metatype }))).toEqual([{ field: 'body', message: 'the body must be a JSON object' }]);
    }
    await expect(pipe.transform({}, { type: 'body', metatype: EmptyBody })).resolves.toBeInstanceOf(EmptyBody);
  });
});
