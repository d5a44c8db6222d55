// Neither a C0 or C1 control character, nor (for "not blank") white space or a byte-order mark.
const textChar = '[^\\u0000-\\u001f\\u007f-\\u009f]';
const visibleChar = '[^\\s\\ufeff\\u0000-\\u001f\\u007f-\\u009f]';

/**
 * The OpenAPI schema of free text a person typed (`IsWellFormedText`, not blank): no control
 * characters, at least one visible character, at most `maxLength`. Shared so every API documents
 * the same rule its validation applies.
 */
export function shortTextSchema(maxLength: number) {
  return { minLength: 1, maxLength, pattern: `^${textChar}*${visibleChar}${textChar}*$` } as const;
}
