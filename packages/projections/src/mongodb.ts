export { isDuplicateKeyError, isTransientMongoError } from './mongodb/mongo-errors';
