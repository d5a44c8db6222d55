import type { SchemaObject } from '@nestjs/swagger';

/** The OpenAPI face of `LivenessReport`. */
export const livenessReportSchema: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up'] } },
};

const checkResultSchema: SchemaObject = {
  type: 'object',
  required: ['status', 'latencyMs'],
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    latencyMs: { type: 'integer', minimum: 0 },
    optional: { type: 'boolean', enum: [true], description: 'A dependency only some features need: never makes the app unready.' },
    details: { type: 'object', description: 'Facts the check reports (a broker count, a schema name).' },
    error: { type: 'string', description: 'Why the dependency is down.' },
  },
};

/** The OpenAPI face of `HealthReport`, for both the 200 and the 503 of readiness. */
export const healthReportSchema: SchemaObject = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['up', 'down'] },
    checks: { type: 'object', additionalProperties: checkResultSchema, description: 'One entry per dependency, by name.' },
  },
};
