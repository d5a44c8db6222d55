import { env } from './env';

/** `true` or `false`, nothing looser: a typo such as `flase` fails at boot instead of meaning "on". */
function parseBoolean(value: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`"${value}" is not true or false`);
}

/**
 * MIGRATE_ON_BOOT: whether an app migrates its PostgreSQL schemas when it starts, or only checks
 * that they are migrated and waits, not ready, until `ledger migrate` has run. On in development,
 * where one `npm start` should just work; off in production (NODE_ENV=production), where the
 * migration is a step of its own that runs before any instance of the new release
 * (docs/operations.md, "Migrations").
 */
export function migrateOnBootEnv() {
  return { migrateOnBoot: env.developmentDefault(env.custom('MIGRATE_ON_BOOT', undefined, parseBoolean), true, false) };
}
