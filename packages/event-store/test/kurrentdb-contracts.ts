import { kurrentDbForTests } from '@ledger/kurrentdb-stand-in';
import { KurrentDbCommandIdempotency, KurrentDbEventStore, type KurrentDbClientKind } from '../src/kurrentdb';
import { describeCommandIdempotencyContract, describeEventStoreContract } from '../src/testing';

/** The adapter on the KurrentDB of the tests (`kurrentDbForTests`: a real server or the stand-in), through the chosen client. */
async function kurrentDbUnderTest(client: KurrentDbClientKind): Promise<{ store: KurrentDbEventStore; dispose: () => Promise<void> }> {
  const server = await kurrentDbForTests();
  const store = new KurrentDbEventStore({ connectionString: server.url, client });
  return {
    store,
    dispose: async () => {
      await store.close();
      await server.close();
    },
  };
}

/**
 * Every contract of the KurrentDB adapter, through one client. Each client has a spec file of its
 * own: the two clients cannot be loaded in one test file (see src/kurrentdb/connect.ts).
 */
export function describeKurrentDbContracts(client: KurrentDbClientKind): void {
  describeEventStoreContract(`kurrentdb (client: ${client})`, async () => {
    const { store, dispose } = await kurrentDbUnderTest(client);
    return { store, snapshots: store, dispose };
  });
  // No transaction spans an append and the key's record, and the server expires records itself.
  describeCommandIdempotencyContract(
    `kurrentdb (client: ${client})`,
    async () => {
      const { store, dispose } = await kurrentDbUnderTest(client);
      return { idempotency: (timeToLiveMs) => new KurrentDbCommandIdempotency({ store, timeToLiveMs }), store, dispose };
    },
    { transactional: false, deletesExpiredKeys: false },
  );
}
