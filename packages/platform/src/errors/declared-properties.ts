import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

const declared = new WeakMap<Type<unknown>, ReadonlySet<string>>();

/**
 * The properties a DTO class accepts: those with at least one class-validator rule, its parents'
 * included. This is the whitelist `forbidNonWhitelisted` enforces (no groups, `always` off, as the
 * validation pipe runs), read from the same metadata, once per class.
 */
export function declaredPropertiesOf(metatype: Type<unknown>): ReadonlySet<string> {
  let properties = declared.get(metatype);
  if (properties === undefined) {
    const rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', false, false);
    properties = new Set(rules.map((rule) => rule.propertyName));
    declared.set(metatype, properties);
  }
  return properties;
}
