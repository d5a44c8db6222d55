// A deposit as the command API stores it, in size and shape, for the layers below the API.
import type { NewEvent } from '@ledger/event-store';
import { randomUUID } from 'node:crypto';

export function depositEvent(accountId: string): NewEvent {
  const correlationId = randomUUID();
  return {
    eventId: randomUUID(),
    type: 'MoneyDeposited',
    schemaVersion: 1,
    data: { accountId, amountMinor: '100', currency: 'EUR' },
    metadata: { correlationId, causationId: correlationId, actor: 'bench', occurredAt: new Date().toISOString() },
  };
}
