import type { Component, ComponentName, Profile } from './component';
import { ferretdbComponent } from './components/ferretdb';
import { jaegerComponent } from './components/jaeger';
import { kafkaComponent } from './components/kafka';
import { oidcProviderComponent } from './components/oidc-provider';
import { pgbouncerComponent } from './components/pgbouncer';
import { postgresComponent } from './components/postgres';
import { postgresReplicaComponent } from './components/postgres-replica';
import { prometheusComponent } from './components/prometheus';
import { redisComponent } from './components/redis';

/** Start order: FerretDB stores its data in the local PostgreSQL, the replica copies it, PgBouncer pools it. */
export const componentNames: readonly ComponentName[] = ['postgres', 'postgres-replica', 'pgbouncer', 'kafka', 'ferretdb', 'oidc-provider', 'redis', 'jaeger', 'prometheus'];

export const profiles: readonly Profile[] = ['observability', 'cluster'];

export function allComponents(): Component[] {
  return [postgresComponent(), postgresReplicaComponent(), pgbouncerComponent(), kafkaComponent(), ferretdbComponent(), oidcProviderComponent(), redisComponent(), jaegerComponent(), prometheusComponent()];
}

export function isComponentName(value: string): value is ComponentName {
  return (componentNames as readonly string[]).includes(value);
}

export function isProfile(value: string): value is Profile {
  return (profiles as readonly string[]).includes(value);
}
