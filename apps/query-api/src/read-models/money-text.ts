import { formatMinorUnits, parseCurrency } from '@ledger/domain';

/**
 * Minor units as stored (bigint column or decimal string) → the API's decimal string in the
 * currency's digits. Totals may exceed what one account can hold, so no upper bound here. A
 * value the domain refuses (unknown currency, negative) means the read model is corrupt.
 */
export function moneyText(amountMinor: string | bigint, currencyCode: string): string {
  const currency = parseCurrency(currencyCode);
  if (!currency.ok) throw new Error(`read model holds an unknown currency "${currencyCode}"`);
  return formatMinorUnits(BigInt(amountMinor), currency.value);
}
