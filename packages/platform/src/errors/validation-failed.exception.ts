import { BadRequestException } from '@nestjs/common';
import type { FieldError } from './problem-details';

/** A request that failed DTO validation, with one entry per broken rule. */
export class ValidationFailedException extends BadRequestException {
  constructor(readonly errors: readonly FieldError[]) {
    const fields = new Set(errors.map((error) => error.field)).size;
    super(`The request has ${fields} invalid field${fields === 1 ? '' : 's'}.`);
  }
}

/** The part of class-validator's error tree that matters here (Nest passes the same shape). */
export interface ValidationErrorTree {
  readonly property: string;
  readonly constraints?: Readonly<Record<string, string>>;
  readonly children?: readonly ValidationErrorTree[];
}

/**
 * Flattens class-validator's tree into `{ field, message }` pairs with dotted paths, so a client
 * can point at `lines.0.amount` without knowing how the DTO classes nest.
 */
export function fieldErrorsOf(errors: readonly ValidationErrorTree[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}
