import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const CORRELATION_ID_HEADER = 'x-correlation-id';

// Printable ASCII without spaces, bounded: the id is echoed in a header and written to logs and
// event metadata, so a client must not be able to inject line breaks or megabytes through it.
const acceptableId = /^[\x21-\x7e]{1,128}$/;

/** The client's id when it is usable, otherwise a fresh UUID. */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const candidate = Array.isArray(header) ? header[0] : header;
  return candidate !== undefined && acceptableId.test(candidate) ? candidate : randomUUID();
}

const correlationStorage = new AsyncLocalStorage<string>();

/** Runs `work` (and everything it awaits) with `id` as the current correlation id. */
export function runWithCorrelationId<T>(id: string, work: () => T): T {
  return correlationStorage.run(id, work);
}

/**
 * The correlation id of the request being handled, for code far from the controller (command
 * metadata, log lines, outgoing calls). `undefined` outside a request, e.g. in a Kafka consumer
 * that has not started its own scope.
 */
export function currentCorrelationId(): string | undefined {
  return correlationStorage.getStore();
}
