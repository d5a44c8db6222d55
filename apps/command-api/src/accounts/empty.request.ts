/**
 * The `{}` body of commands that need no input. It has no properties, so the validation
 * policy refuses any field sent with it instead of silently ignoring a client's mistake.
 */
export class EmptyRequest {}
