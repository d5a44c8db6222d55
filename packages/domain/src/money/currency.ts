import { err, ok, type Result } from '../result';

declare const currencyBrand: unique symbol;

/** An ISO 4217 alphabetic code this ledger knows the minor units of (`EUR`, `JPY`, `BHD`). */
export type Currency = string & { readonly [currencyBrand]: true };

/** Why a currency code was refused. */
export interface CurrencyError {
  readonly reason: 'NOT_A_CURRENCY_CODE' | 'UNKNOWN_CURRENCY';
  readonly message: string;
}

// Minor units per ISO 4217 (list one, current codes). Funds codes (BOV, CHE, USN…) and
// precious metals (XAU…) have no place in an account and are left out on purpose.
const zeroDigits = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const threeDigits = 'BHD IQD JOD KWD LYD OMR TND';
const fourDigits = 'CLF UYW';
const twoDigits = [
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD',
  'CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD',
  'GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD',
  'MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP',
  'PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS',
  'TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
].join(' ');

const minorDigitsByCode: ReadonlyMap<string, number> = new Map([
  ...codes(zeroDigits, 0),
  ...codes(twoDigits, 2),
  ...codes(threeDigits, 3),
  ...codes(fourDigits, 4),
]);

function codes(list: string, digits: number): [string, number][] {
  return list.split(' ').map((code) => [code, digits]);
}

/**
 * Accepts exactly an upper-case ISO 4217 code from the table. Lower case is refused rather than
 * normalised: the same currency must never be stored under two spellings.
 */
export function parseCurrency(code: string): Result<Currency, CurrencyError> {
  if (!/^[A-Z]{3}$/.test(code)) {
    return err({ reason: 'NOT_A_CURRENCY_CODE', message: `"${code}" is not an ISO 4217 currency code` });
  }
  if (!minorDigitsByCode.has(code)) {
    return err({ reason: 'UNKNOWN_CURRENCY', message: `"${code}" is not a supported ISO 4217 currency` });
  }
  return ok(code as Currency);
}

/** The number of decimal places of the currency's minor unit (EUR 2, JPY 0, BHD 3). */
export function minorDigits(currency: Currency): number {
  const digits = minorDigitsByCode.get(currency);
  // A Currency can only come from parseCurrency, so a miss means the brand was forged.
  if (digits === undefined) throw new Error(`${currency} is not a parsed Currency`);
  return digits;
}

/** Every supported currency code, for generators and documentation. */
export function supportedCurrencies(): readonly Currency[] {
  return [...minorDigitsByCode.keys()] as Currency[];
}
