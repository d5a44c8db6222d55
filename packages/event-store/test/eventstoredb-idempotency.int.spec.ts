import { EventStoreDbCommandIdempotency } from '../src/eventstoredb';
import { describeCommandIdempotencyContract } from '../src/testing';
import { eventStoreDbUnderTest } from './eventstoredb-server';

// No transaction spans an append and the key's record, and the server expires records itself.
describeCommandIdempotencyContract(
  'eventstoredb',
  async () => {
    const { store, dispose } = await eventStoreDbUnderTest();
    return { idempotency: (timeToLiveMs) => new EventStoreDbCommandIdempotency({ store, timeToLiveMs }), store, dispose };
  },
  { transactional: false, deletesExpiredKeys: false },
);
