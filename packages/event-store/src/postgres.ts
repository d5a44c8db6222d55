export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { appendWith } from './postgres/append';
export { readAllWith } from './postgres/read-all';
export { readStreamWith } from './postgres/read-stream';
export { migrate } from './postgres/migrate';
export { type Queryable } from './postgres/queryable';
export { subscribeToAllWith, notifyChannelOf } from './postgres/subscribe-to-all';
export { loadSnapshotWith, saveSnapshotWith } from './postgres/snapshots';
