import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { ValidationFailedException, fieldErrorsOf } from './validation-failed.exception';

const isEmptyObject = (value: unknown): value is Record<string, never> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * Remembers which DTO classes accept an empty object. Most GETs have no query string, yet their
 * optional query DTO (`?minRevision=`) went through class-validator on every request; an empty
 * object validates the same way every time, so once it passed for a class it only needs to
 * become an instance of it.
 */
class LedgerValidationPipe extends ValidationPipe {
  private readonly acceptsEmpty = new WeakSet<object>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (metatype !== undefined && isEmptyObject(value) && this.acceptsEmpty.has(metatype)) return plainToInstance(metatype, {});
    const result: unknown = await super.transform(value, metadata);
    // Only classes that were validated (not String, Number… which pass through untouched).
    if (metatype !== undefined && isEmptyObject(value) && result instanceof metatype) this.acceptsEmpty.add(metatype);
    return result;
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
