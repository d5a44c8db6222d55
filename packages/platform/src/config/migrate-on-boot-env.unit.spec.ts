import { ConfigError } from './config-error';
import { loadConfig } from './load-config';
import { migrateOnBootEnv } from './migrate-on-boot-env';

const schema = migrateOnBootEnv();

describe('MIGRATE_ON_BOOT', () => {
  it('is on in development and off in production when unset (blank counts as unset)', () => {
    expect(loadConfig(schema, {}).migrateOnBoot).toBe(true);
    expect(loadConfig(schema, { NODE_ENV: 'development', MIGRATE_ON_BOOT: ' ' }).migrateOnBoot).toBe(true);
    expect(loadConfig(schema, { NODE_ENV: 'production' }).migrateOnBoot).toBe(false);
  });

  it('takes true or false in either environment', () => {
    expect(loadConfig(schema, { NODE_ENV: 'production', MIGRATE_ON_BOOT: 'true' }).migrateOnBoot).toBe(true);
    expect(loadConfig(schema, { MIGRATE_ON_BOOT: 'false' }).migrateOnBoot).toBe(false);
  });

  it('refuses anything looser, naming the variable', () => {
    for (const value of ['yes', '1', 'TRUE', 'flase']) {
      expect(() => loadConfig(schema, { MIGRATE_ON_BOOT: value })).toThrow(ConfigError);
      expect(() => loadConfig(schema, { MIGRATE_ON_BOOT: value })).toThrow(`MIGRATE_ON_BOOT: "${value}" is not true or false`);
    }
  });
});
