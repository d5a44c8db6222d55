import { randomUUID } from 'node:crypto';
import { type NewEvent } from '../port/event-store';

/** Each test owns its streams, so adapters may share one store across parallel files. */
export const newStreamId = (): string => `contract-${randomUUID()}`;

export const newEvent = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'ContractTested',
  schemaVersion: 1,
  data: { n, nested: { ok: true } },
  metadata: { correlationId: `c-${n}`, occurredAt: '2026-01-01T00:00:00.000Z' },
});

export const events = (count: number): NewEvent[] => Array.from({ length: count }, (_, i) => newEvent(i));

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
