import { deleteTopics, topicsWithPrefix, connectTestKafka } from '@ledger/messaging/testing';
import { describeBuiltAppOperations } from '@ledger/platform/testing';
import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';

// The built app runs its projections: it gets its own read-model schema, database, topics and
// consumer groups, so it never joins the groups of a projector running on the shared stack.
// (jest gives each test file its own copy of process.env, which the started app inherits.)
const suffix = randomUUID().replaceAll('-', '').slice(0, 12);
const readModelSchema = `projector_e2e_${suffix}`;
const topicPrefix = `test-projector-e2e-${suffix}`;
const mongoUrl = new URL(process.env['MONGODB_URL'] ?? 'mongodb://127.0.0.1:27018/ledger');
mongoUrl.pathname = `/projector_e2e_${suffix}`;
Object.assign(process.env, { READ_MODEL_SCHEMA: readModelSchema, PROJECTOR_TOPIC_PREFIX: topicPrefix, PROJECTOR_TOPIC_PARTITIONS: '1', MONGODB_URL: mongoUrl.href });

afterAll(async () => {
  const pool = new Pool({ connectionString: process.env['DATABASE_URL'] });
  await pool.query(`DROP SCHEMA IF EXISTS "${readModelSchema}" CASCADE`);
  await pool.end();
  const mongo = new MongoClient(mongoUrl.href);
  await mongo.db().dropDatabase();
  await mongo.close();
  const kafka = connectTestKafka('projector-e2e');
  await deleteTopics(kafka, [...(await topicsWithPrefix(kafka, topicPrefix)), ...(await topicsWithPrefix(kafka, `ledger.dead-letters.${topicPrefix}`))]);
});

const up: unknown = expect.objectContaining({ status: 'up' });
// The Kafka probe's facts show it asked a real broker, not just opened a socket.
const kafkaUp: unknown = expect.objectContaining({ status: 'up', details: expect.objectContaining({ brokers: 1 }) as unknown });
const readModelsUp: unknown = expect.objectContaining({ status: 'up', details: { schema: readModelSchema } });

// The built app, as production runs it; the e2e global setup builds it and starts the stack.
describeBuiltAppOperations({
  app: 'projector',
  main: join(__dirname, '..', 'dist', 'main.js'),
  portVariable: 'PROJECTOR_PORT',
  healthyChecks: { kafka: kafkaUp, postgres: up, mongodb: up, readModels: readModelsUp, redis: expect.objectContaining({ status: 'up', optional: true }) as unknown },
  unreachable: (port) => ({ KAFKA_BROKERS: `127.0.0.1:${port}`, DATABASE_URL: `postgres://ledger:ledger@127.0.0.1:${port}/ledger`, MONGODB_URL: `mongodb://127.0.0.1:${port}/ledger`, REDIS_URL: `redis://127.0.0.1:${port}` }),
  // Rate limits are counted in Redis; without it requests are served unlimited.
  optionalDependencies: { redis: (port) => ({ REDIS_URL: `redis://127.0.0.1:${port}` }) },
  undeclaredMethod: { method: 'GET', path: '/dead-letters/12/retry', allow: 'POST' },
  productionRequired: ['DATABASE_URL', 'KAFKA_BROKERS', 'MONGODB_URL', 'AUTH_ISSUER', 'REDIS_URL'],
});
