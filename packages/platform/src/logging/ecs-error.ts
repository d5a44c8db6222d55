/** ECS `error.*` (https://www.elastic.co/guide/en/ecs/current/ecs-error.html). */
export interface EcsError {
  type?: string;
  message?: string;
  stack_trace?: string;
  code?: string;
}

/**
 * What a logged `err` says, as ECS error fields. Beyond ecs-pino-format's own conversion (type,
 * message, stack): the `code` drivers set (`ECONNREFUSED`, PostgreSQL's `40001`), which is what
 * an operator filters on; the parts of an `AggregateError` (a refused dual-stack connect has an
 * empty message of its own); and the `cause` chain in the stack trace. A thrown non-Error keeps
 * its text as the message.
 */
export function ecsErrorOf(err: unknown): EcsError {
  if (!(err instanceof Error)) return { message: typeof err === 'string' ? err : safeJson(err) };
  const fields: EcsError = { type: err.constructor.name || err.name, message: messageOf(err) };
  const stack = stackOf(err);
  if (stack !== undefined) fields.stack_trace = stack;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') fields.code = String(code);
  return fields;
}

function messageOf(err: Error): string {
  if (err.message !== '' || !(err instanceof AggregateError)) return err.message;
  return err.errors.map((part: unknown) => (part instanceof Error ? part.message : String(part))).join('; ');
}

function stackOf(err: Error, depth = 0): string | undefined {
  const own = err.stack ?? `${err.name}: ${err.message}`;
  // Bounded: a cause chain can be circular.
  if (!(err.cause instanceof Error) || depth >= 5) return err.stack;
  return `${own}\ncaused by: ${stackOf(err.cause, depth + 1) ?? err.cause.message}`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
