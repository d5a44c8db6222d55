import { randomUUID } from 'node:crypto';
import { type EventStore, type NewEvent, type ReadAllOptions, type RecordedEvent } from '../port/event-store';

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

/**
 * readAll may hold back committed events while any older transaction is still running
 * (that is how it avoids gaps), so tests that share a server wait, bounded, for them.
 */
export async function readAllUntil(
  store: EventStore,
  options: ReadAllOptions,
  done: (page: RecordedEvent[]) => boolean,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await store.readAll(options);
    if (done(page) || Date.now() > deadline) return page;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
