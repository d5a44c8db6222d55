import { type Result } from '../result';

/** The value of a Result a test knows is valid; a refusal fails the test loudly. */
export function must<T>(result: Result<T, { readonly message: string }>): T {
  if (!result.ok) throw new Error(`fixture refused: ${result.error.message}`);
  return result.value;
}
