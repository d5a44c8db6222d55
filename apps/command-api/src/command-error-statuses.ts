import type { DomainErrorStatusTable } from '@ledger/platform';

/** The HTTP face of each domain error code (API.md, "Command API"). The domain never sees this. */
export const commandErrorStatuses: DomainErrorStatusTable = {
  ACCOUNT_NOT_FOUND: 404,
  ACCOUNT_ALREADY_OPEN: 409,
  CONCURRENCY_CONFLICT: 409,
  REVISION_MISMATCH: 412,
  INSUFFICIENT_FUNDS: 422,
  CURRENCY_MISMATCH: 422,
  ACCOUNT_FROZEN: 422,
  ACCOUNT_CLOSED: 422,
  BALANCE_NOT_ZERO: 422,
  BALANCE_LIMIT_EXCEEDED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_PENDING_COMMANDS: 503,
  EVENT_STORE_TIMEOUT: 503,
};
