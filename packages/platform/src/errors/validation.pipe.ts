import { ValidationPipe } from '@nestjs/common';
import { ValidationFailedException, fieldErrorsOf } from './validation-failed.exception';

/**
 * The one validation policy for request DTOs: unknown properties are rejected rather than
 * silently dropped (a typo in an optional field must not pass unnoticed), payloads become DTO
 * instances, and failures become `VALIDATION_FAILED` problems listing every field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedException(fieldErrorsOf(errors)),
  });
}
