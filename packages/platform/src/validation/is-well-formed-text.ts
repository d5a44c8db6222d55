import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

// \p{Cc}: C0 controls (NUL, line breaks, ESC…), DEL and C1 controls. \p{Cs} with the `u` flag:
// a lone UTF-16 surrogate only, since a well-formed pair is read as one code point.
const controlCharacter = /\p{Cc}/u;
const loneSurrogate = /\p{Cs}/u;

function problemWith(text: string): string | undefined {
  if (loneSurrogate.test(text)) return 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)';
  if (controlCharacter.test(text)) return 'must not contain control characters';
  return undefined;
}

/**
 * Free text as API.md allows it: well-formed Unicode without control characters. PostgreSQL
 * and MongoDB cannot store a NUL or a lone surrogate at all (the append or the write fails),
 * and a control character in a reference is never what a person meant; both are refused at
 * the edge, as a 400 naming the field, instead of failing later where the client cannot see.
 * Apply it to every free-text property of a request (bodies, queries and paths alike).
 * Values that are not strings pass: saying so is `IsString`'s job.
 */
export function IsWellFormedText(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isWellFormedText',
      target: target.constructor,
      propertyName: String(propertyName),
      ...(options === undefined ? {} : { options }),
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || problemWith(value) === undefined,
        defaultMessage: (args: ValidationArguments) => {
          const value: unknown = args.value;
          return `${args.property} ${typeof value === 'string' ? (problemWith(value) ?? 'is invalid') : 'must be a string'}`;
        },
      },
    });
  };
}
