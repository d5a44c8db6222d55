import type { Component, ComponentName } from './component';
import { ferretdbComponent } from './components/ferretdb';
import { kafkaComponent } from './components/kafka';
import { oidcProviderComponent } from './components/oidc-provider';
import { postgresComponent } from './components/postgres';
import { redisComponent } from './components/redis';

/** Start order: FerretDB stores its data in the local PostgreSQL. */
export const componentNames: readonly ComponentName[] = ['postgres', 'kafka', 'ferretdb', 'oidc-provider', 'redis'];

export function allComponents(): Component[] {
  return [postgresComponent(), kafkaComponent(), ferretdbComponent(), oidcProviderComponent(), redisComponent()];
}

export function isComponentName(value: string): value is ComponentName {
  return (componentNames as readonly string[]).includes(value);
}
