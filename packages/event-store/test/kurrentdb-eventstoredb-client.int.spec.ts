import { describeKurrentDbContracts } from './kurrentdb-contracts';

// KURRENTDB_CLIENT=eventstoredb: the same contracts through @eventstore/db-client.
describeKurrentDbContracts('eventstoredb');
