import type { DomainErrorStatusTable } from '@ledger/platform';

/** The HTTP face of the projector admin's error codes. */
export const projectorErrorStatuses: DomainErrorStatusTable = {
  PROJECTION_NOT_FOUND: 404,
  DEAD_LETTER_NOT_FOUND: 404,
  DEAD_LETTER_NOT_OPEN: 409,
  PROJECTION_UNKNOWN: 409,
  DEAD_LETTER_RETRY_FAILED: 422,
  DEAD_LETTER_SKIP_FAILED: 422,
  REBUILD_NOT_FOUND: 404,
  REBUILD_IN_PROGRESS: 409,
  CONSOLE_STREAMS_EXHAUSTED: 503,
};
