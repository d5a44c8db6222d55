import type { Result } from '@ledger/domain';

/**
 * The value of a parse the request DTO has already validated with the same domain parser.
 * A refusal here is a bug (the DTO and the domain disagree), so it is thrown as a 500.
 */
export function validated<T>(result: Result<T, { readonly message: string }>): T {
  if (!result.ok) throw new Error(`validated request refused by the domain: ${result.error.message}`);
  return result.value;
}
