import { parseAccountId, parseCurrency, parseMoney, parseOwnerId, parseTransferId, type Result } from '@ledger/domain';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

type Parse = (value: string, args: ValidationArguments) => Result<unknown, { readonly message: string }> | undefined;

/**
 * A property decorator that accepts exactly what a domain parser accepts, with the parser's
 * own reason as the message. The rule is written once, in the domain; the DTO only asks it.
 * `parse` may return undefined to skip the check (e.g. the amount when the currency is bad).
 */
function domainValue(name: string, parse: Parse, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      ...(options === undefined ? {} : { options }),
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          if (typeof value !== 'string') return false;
          return parse(value, args)?.ok ?? true;
        },
        defaultMessage: (args: ValidationArguments) => {
          const value: unknown = args.value;
          if (typeof value !== 'string') return `${args.property} must be a string`;
          const result = parse(value, args);
          return result !== undefined && !result.ok ? result.error.message : `${args.property} is invalid`;
        },
      },
    });
  };
}

/** A UUID, any case (stored in lower case). */
export const IsAccountId = (options?: ValidationOptions) => domainValue('isAccountId', parseAccountId, options);
/** A transfer's UUID, any case (stored in lower case). */
export const IsTransferId = (options?: ValidationOptions) => domainValue('isTransferId', parseTransferId, options);
/** The bank's own customer id (API.md), kept exactly as sent. */
export const IsOwnerId = (options?: ValidationOptions) => domainValue('isOwnerId', parseOwnerId, options);

/** An upper-case ISO 4217 code the ledger knows the minor units of. */
export const IsCurrencyCode = (options?: ValidationOptions) => domainValue('isCurrencyCode', parseCurrency, options);

/**
 * A positive decimal string with at most the minor digits of the currency named by the sibling
 * property (`"125.50"` in EUR, `"300"` in JPY). Skipped while that currency is itself invalid,
 * so the client hears about the currency, not a knock-on complaint about the amount.
 */
export const IsAmountIn = (currencyProperty: string, options?: ValidationOptions) =>
  domainValue(
    'isAmountIn',
    (value, args) => {
      const currency: unknown = (args.object as Record<string, unknown>)[currencyProperty];
      const parsed = typeof currency === 'string' ? parseCurrency(currency) : undefined;
      return parsed?.ok ? parseMoney(value, parsed.value) : undefined;
    },
    options,
  );
