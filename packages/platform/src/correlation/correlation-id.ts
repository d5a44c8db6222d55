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
