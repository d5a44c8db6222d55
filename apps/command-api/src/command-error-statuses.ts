import type { AccountErrorCode, TransferErrorCode } from '@ledger/domain';

/** Codes the command API answers with itself, beyond the domain's refusals (API.md). */
export type CommandApiErrorCode = 'CONCURRENCY_CONFLICT' | 'REVISION_MISMATCH' | 'IDEMPOTENCY_KEY_REUSED' | 'TOO_MANY_PENDING_COMMANDS' | 'EVENT_STORE_TIMEOUT';

/**
 * The HTTP face of each domain error code (API.md, "Command API"). The domain never sees this.
 * Keyed by the domain's union of codes: a new code fails to compile until it is given a status
 * here, instead of falling through to the platform's 422.
 */
export const commandErrorStatuses = {
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
  TRANSFER_NOT_FOUND: 404,
  TRANSFER_ALREADY_EXISTS: 409,
  SAME_ACCOUNT: 422,
  // Never sent by a client: the process manager's steps are recorded on its side only.
  TRANSFER_STEP_OUT_OF_ORDER: 409,
  TOO_MANY_PENDING_COMMANDS: 503,
  EVENT_STORE_TIMEOUT: 503,
} as const satisfies Readonly<Record<AccountErrorCode | TransferErrorCode | CommandApiErrorCode, number>>;
