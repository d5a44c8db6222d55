/**
 * A failure the user can act on: one line saying what went wrong and the fix. The CLI prints
 * only the message (no stack trace) and exits non-zero.
 */
export class StackError extends Error {
  override readonly name = 'StackError';
}
