export { pingThroughout, type PingWatch } from './testing/ping-throughout';
export { privateMongoWireServer, type PrivateMongoWireServer } from './testing/private-mongo-wire-server';
export { storedFormOf, type LedgerEvent } from './testing/stored-form';
