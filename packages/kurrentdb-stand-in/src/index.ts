export { startKurrentDbStandIn, type KurrentDbStandIn } from './start-kurrentdb-stand-in';
export { kurrentDbForTests } from './kurrentdb-for-tests';
export type { KurrentDbStandInOptions } from './serve';
