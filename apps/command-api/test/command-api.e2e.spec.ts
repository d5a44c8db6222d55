import { describeBuiltAppOperations } from '@ledger/platform/testing';
import { join } from 'node:path';

const up: unknown = expect.objectContaining({ status: 'up' });

// The built app, as production runs it; the e2e global setup builds it and starts the stack.
describeBuiltAppOperations({
  app: 'command-api',
  main: join(__dirname, '..', 'dist', 'main.js'),
  portVariable: 'COMMAND_API_PORT',
  healthyChecks: { postgres: up, eventStore: up, redis: expect.objectContaining({ status: 'up', optional: true }) as unknown },
  unreachable: (port) => ({ DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${port}/ledger`, REDIS_URL: `redis://127.0.0.1:${port}` }),
  // Rate limits are counted in Redis; without it requests are served unlimited.
  optionalDependencies: { redis: (port) => ({ REDIS_URL: `redis://127.0.0.1:${port}` }) },
  undeclaredMethod: { method: 'GET', path: '/accounts/0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8/deposits', allow: 'POST' },
  productionRequired: ['DATABASE_URL', 'AUTH_ISSUER', 'REDIS_URL'],
});
