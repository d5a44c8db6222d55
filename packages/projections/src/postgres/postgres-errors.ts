import { TransientFailure } from '../runtime/failures';

// Node socket errors, and the SQLSTATE classes that say the server is away, overloaded or
// resolving a conflict (08 connection exception, 53 insufficient resources, 57P operator
// intervention, 40001 serialization failure, 40P01 deadlock, 55P03 lock not available).
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const retryableStates = new Set(['40001', '40P01', '55P03']);
const unreachableMessages = [/timeout exceeded when trying to connect/i, /Connection terminated/i, /connection error/i, /Client was closed/i];

/** True when a PostgreSQL (or pg driver) error says nothing about the data: retrying as is may work. */
export function isTransientPostgresError(error: unknown): boolean {
  if (error instanceof TransientFailure) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (socketCodes.has(code) || retryableStates.has(code)) return true;
    if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57P')) return true;
  }
  return unreachableMessages.some((pattern) => pattern.test(error.message));
}
