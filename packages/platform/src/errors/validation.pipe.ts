import { ValidationPipe, type ArgumentMetadata, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import type { FieldError } from './problem-details';
import { declaredPropertiesOf } from './declared-properties';
import { ValidationFailedException, fieldErrorsOf } from './validation-failed.exception';

type PlainObject = Readonly<Record<string, unknown>>;

const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isEmptyObject = (value: unknown): value is Record<string, never> => isPlainObject(value) && Object.keys(value).length === 0;

/** class-validator's own message for a property outside the whitelist, so both checks read alike. */
const unknownPropertyError = (property: string): FieldError => ({ field: property, message: `property ${property} should not exist` });

const notAnObjectError: FieldError = { field: 'body', message: 'the body must be a JSON object' };

/**
 * The validation policy, with two shortcuts:
 *
 * - Unknown properties are refused before class-transformer runs. `forbidNonWhitelisted` alone
 *   refuses them only after `plainToInstance` (and Nest's own clean-up) has recursed through
 *   their whole value: wasted work on a value about to be refused, and with enough nesting a
 *   stack overflow. The known properties are still validated, so one answer lists every bad field.
 * - It remembers which DTO classes accept an empty object. Most GETs have no query string, yet
 *   their optional query DTO (`?minRevision=`) went through class-validator on every request; an
 *   empty object validates the same way every time, so once it passed for a class it only needs
 *   to become an instance of it.
 */
class LedgerValidationPipe extends ValidationPipe {
  private readonly acceptsEmpty = new WeakSet<object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    // class-validator finds nothing wrong with `null`, `"x"` or `[]` checked against a class
    // without required fields (`{}` commands): such a body would run the command.
    if (metadata.type === 'body' && metatype !== undefined && this.toValidate(metadata) && !isPlainObject(value)) {
      throw new ValidationFailedException([notAnObjectError]);
    }
    if (metatype !== undefined && isPlainObject(value) && this.toValidate(metadata)) {
      const declared = declaredPropertiesOf(metatype as Type<unknown>);
      const unknown = Object.keys(value).filter((property) => !declared.has(property));
      if (unknown.length > 0) throw await this.refusalOf(unknown, value, declared, metadata);
    }
    if (metatype !== undefined && isEmptyObject(value) && this.acceptsEmpty.has(metatype)) return plainToInstance(metatype, {});
    const result: unknown = await super.transform(value, metadata);
    // Only classes that were validated (not String, Number… which pass through untouched).
    if (metatype !== undefined && isEmptyObject(value) && result instanceof metatype) this.acceptsEmpty.add(metatype);
    return result;
  }

  /** The unknown properties, then whatever is wrong with the known ones, as validated without the others. */
  private async refusalOf(
    unknown: readonly string[],
    value: PlainObject,
    declared: ReadonlySet<string>,
    metadata: ArgumentMetadata,
  ): Promise<ValidationFailedException> {
    const unknownErrors = unknown.map(unknownPropertyError);
    const known = Object.fromEntries(Object.entries(value).filter(([property]) => declared.has(property)));
    try {
      await super.transform(known, metadata);
    } catch (error) {
      if (!(error instanceof ValidationFailedException)) throw error;
      return new ValidationFailedException([...unknownErrors, ...error.errors]);
    }
    return new ValidationFailedException(unknownErrors);
  }
}

/**
 * The one validation policy for request DTOs: unknown properties are rejected rather than
 * silently dropped (a typo in an optional field must not pass unnoticed), payloads become DTO
 * instances, and failures become `VALIDATION_FAILED` problems listing every field.
 */
export function createValidationPipe(): ValidationPipe {
  return new LedgerValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedException(fieldErrorsOf(errors)),
  });
}
