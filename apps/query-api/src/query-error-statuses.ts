import type { DomainErrorStatusTable } from '@ledger/platform';

/** The HTTP face of each error code the query side reports (API.md, "Query API"). */
export const queryErrorStatuses: DomainErrorStatusTable = {
  ACCOUNT_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  READ_MODEL_BEHIND: 503,
  READ_MODEL_UNAVAILABLE: 503,
  TOO_MANY_WAITERS: 503,
  TRANSFER_NOT_FOUND: 404,
};
