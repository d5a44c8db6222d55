import { describeBuiltAppOperations } from '@ledger/platform/testing';
import { join } from 'node:path';

const up: unknown = expect.objectContaining({ status: 'up' });
// The Kafka probe's facts show it asked a real broker, not just opened a socket.
const kafkaUp: unknown = expect.objectContaining({ status: 'up', details: expect.objectContaining({ brokers: 1 }) as unknown });

// The built app, as production runs it; the e2e global setup builds it and starts the stack.
describeBuiltAppOperations({
  app: 'event-relay',
  main: join(__dirname, '..', 'dist', 'main.js'),
  portVariable: 'EVENT_RELAY_PORT',
  healthyChecks: { postgres: up, kafka: kafkaUp },
  unreachable: (port) => ({ DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${port}/ledger`, KAFKA_BROKERS: `127.0.0.1:${port}` }),
});
