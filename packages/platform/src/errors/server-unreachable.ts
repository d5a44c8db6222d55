// Node socket errors: the server is away, or the network to it is.
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH']);
// pg's own words for a connection it lost or never got, and for one it refuses to use again.
const postgresClientMessages = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /not queryable/i,
  /^Query read timeout$/,
];
// The MongoDB driver's classes for "no server answered": selection, network, a cleared pool.
const mongodbUnreachableErrors = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
]);

// A MongoDB-wire server that stores in PostgreSQL (FerretDB) reports its storage being away as
// a MongoServerError (InternalError) quoting the driver underneath: a refused dial, a connection
// that closed, SQLSTATE class 08 or 57P0x.
const wireStorageMessages = [
  /failed to connect to/i,
  /connect: connection refused/i,
  /\(SQLSTATE (08[0-9A-Z]{3}|57P0[1-4])\)/,
  /conn closed|unexpected EOF/i,
];

function causesOf(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 5; current = current.cause) chain.push(current);
  return chain;
}

function saysUnreachable(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (socketCodes.has(code)) return true;
    // SQLSTATE class 08 (connection exception) and 57P0x (shutdown, crash, starting up).
    if (/^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-4]$/.test(code)) return true;
  }
  if (mongodbUnreachableErrors.has(error.name)) return true;
  if (error.name === 'MongoServerError' && wireStorageMessages.some((pattern) => pattern.test(error.message))) return true;
  return postgresClientMessages.some((pattern) => pattern.test(error.message));
}

/**
 * True when `error` (or an error it wraps) says a server this app needs could not be reached or
 * dropped the connection: a restart, a failover, a network fault. Nothing the client sent was
 * wrong, and the same request can succeed once the server is back, so it is answered 503 with
 * Retry-After rather than 500.
 */
export function isServerUnreachable(error: unknown): boolean {
  return causesOf(error).some(saysUnreachable);
}
