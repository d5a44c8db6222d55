import { minorDigits, supportedCurrencies } from '@ledger/domain';
import type { SchemaObject } from '@nestjs/swagger';

// The OpenAPI faces of the domain's rules, so that what a client generator or a fuzzer reads
// from the document is what the validators accept: no schema-valid value is refused as invalid.

export const accountIdSchema = { format: 'uuid', pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$' } as const;

export const currencySchema = { enum: [...supportedCurrencies()], description: 'ISO 4217 code.', example: 'EUR' } as const;

export { shortTextSchema } from '@ledger/platform';

// At most 18 digits in all (MAX_AMOUNT_MINOR = 10^18 - 1 minor units), no leading zeros, above zero.
function positiveAmountPattern(digits: number): string {
  const whole = `[1-9][0-9]{0,${17 - digits}}`;
  if (digits === 0) return `^${whole}$`;
  const fractions = Array.from({ length: digits }, (_, zeros) => `${'0'.repeat(zeros)}[1-9][0-9]{0,${digits - 1 - zeros}}`);
  return `^(${whole}(\\.[0-9]{1,${digits}})?|0\\.(${fractions.join('|')}))$`;
}

/**
 * An amount's decimals depend on its currency (`"125.50"` EUR, `"300"` JPY, `"1.005"` BHD), so a
 * body holding both is one of these shapes: the currencies of one minor unit with the amounts they allow.
 */
export function amountByCurrencySchemas(): SchemaObject[] {
  const byDigits = new Map<number, string[]>();
  for (const currency of supportedCurrencies()) byDigits.set(minorDigits(currency), [...(byDigits.get(minorDigits(currency)) ?? []), currency]);
  return [...byDigits].map(([digits, currencies]) => ({
    type: 'object',
    properties: { currency: { enum: currencies }, amount: { type: 'string', pattern: positiveAmountPattern(digits) } },
  }));
}
