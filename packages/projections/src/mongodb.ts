export { isDuplicateKeyError, isTransientMongoError } from './mongodb/mongo-errors';
export { boundedBulkWrite, DEFAULT_WRITE_STATEMENTS_MAX, type BulkWriteTally } from './mongodb/bounded-bulk-write';
export { EQUALITY_LOOKUPS_MAX, findByIds, isFerretDb } from './mongodb/find-by-ids';
