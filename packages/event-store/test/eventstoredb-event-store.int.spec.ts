import { describeEventStoreContract } from '../src/testing';
import { eventStoreDbUnderTest } from './eventstoredb-server';

describeEventStoreContract('eventstoredb', async () => {
  const { store, dispose } = await eventStoreDbUnderTest();
  return { store, snapshots: store, dispose };
});
