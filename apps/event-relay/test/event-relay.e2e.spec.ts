import { describeBuiltAppOperations } from '@ledger/platform/testing';
import { join } from 'node:path';
import { relayTestBed, type RelayTestBed } from './relay.harness';

const up: unknown = expect.objectContaining({ status: 'up' });
// The Kafka probe's facts show it asked a real broker, not just opened a socket.
const kafkaUp: unknown = expect.objectContaining({ status: 'up', details: expect.objectContaining({ brokers: 1 }) as unknown });
// Alone on its store, the relay leads within a moment of starting; the probe may come first.
const relayUp: unknown = expect.objectContaining({
  status: 'up',
  details: { role: expect.stringMatching(/^(leader|standby)$/) as unknown, checkpoint: '0', head: '0', lag: 0 },
});

// Its own (migrated, empty) store schema, checkpoint schema and topics, read by every app this
// file starts (startOnFreePort passes the test's environment on).
let bed: RelayTestBed;
beforeAll(async () => {
  bed = await relayTestBed('relay_ops');
  Object.assign(process.env, bed.env);
});
afterAll(async () => {
  await bed.dispose();
});

// The built app, as production runs it; the e2e global setup builds it and starts the stack.
describeBuiltAppOperations({
  app: 'event-relay',
  main: join(__dirname, '..', 'dist', 'main.js'),
  portVariable: 'EVENT_RELAY_PORT',
  healthyChecks: { postgres: up, kafka: kafkaUp, relay: relayUp },
  unreachable: (port) => ({ DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${port}/ledger`, KAFKA_BROKERS: `127.0.0.1:${port}` }),
  undeclaredMethod: { method: 'DELETE', path: '/health', allow: 'GET, HEAD' },
  productionRequired: ['DATABASE_URL', 'KAFKA_BROKERS', 'AUTH_ISSUER'],
});
