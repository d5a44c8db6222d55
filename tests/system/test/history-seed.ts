import { accountStreamId, encodeAccountEvent, type AccountEvent } from '@ledger/domain';
import { AccountFixture } from '@ledger/domain/testing';
import { type NewEvent } from '@ledger/event-store';
import { PostgresEventStore } from '@ledger/event-store/postgres';
import { randomUUID } from 'node:crypto';
import { type Pool } from 'pg';

export interface SeededAccount {
  readonly accountId: string;
  readonly ownerId: string;
}

/**
 * A long history written straight into the event store, as years of commands would have left
 * it: `accounts` accounts (of a few owners), each opened and then given `deposits` deposits of
 * 1.00 EUR, in appends of up to 500 events. What a rebuild has to work through.
 */
export async function seedHistory(pool: Pool, schema: string, accounts: number, deposits: number): Promise<SeededAccount[]> {
  const store = new PostgresEventStore({ pool, schema });
  const owners = Array.from({ length: Math.max(1, Math.ceil(accounts / 4)) }, () => randomUUID());
  const seeded: SeededAccount[] = [];
  for (let index = 0; index < accounts; index += 1) {
    const account = new AccountFixture(owners[index % owners.length]);
    const { accountId, ownerId } = account;
    const events: AccountEvent[] = [account.opened()];
    for (let deposit = 1; deposit <= deposits; deposit += 1) events.push(account.deposited(100n, BigInt(deposit) * 100n));
    let expectedRevision: bigint | 'no_stream' = 'no_stream';
    for (let start = 0; start < events.length; start += 500) {
      const appended = await store.appendToStream(accountStreamId(accountId), events.slice(start, start + 500).map(toNewEvent), { expectedRevision });
      expectedRevision = appended.nextExpectedRevision;
    }
    seeded.push({ accountId, ownerId });
  }
  return seeded;
}

function toNewEvent(event: AccountEvent): NewEvent {
  // The domain's JSON type is read-only; the store's is not: same values.
  const encoded = encodeAccountEvent(event) as Pick<NewEvent, 'type' | 'schemaVersion' | 'data'>;
  return { eventId: randomUUID(), ...encoded, metadata: { correlationId: randomUUID(), occurredAt: new Date().toISOString() } };
}
