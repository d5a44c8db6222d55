import { RebuildInProgressError, RebuildNotFoundError, UnknownProjectionError } from '@ledger/projections';
import { DomainErrorException } from '@ledger/platform';

/** The problem+json of a refused rebuild request; anything else is left to the platform (500). */
export function rebuildProblemOf(error: unknown): unknown {
  if (error instanceof UnknownProjectionError) {
    return new DomainErrorException({ code: 'PROJECTION_NOT_FOUND', message: error.message, projection: error.projection });
  }
  if (error instanceof RebuildInProgressError) {
    // rebuildId lets a client follow the running rebuild instead of starting its own (null: another instance is just starting one).
    return new DomainErrorException({ code: 'REBUILD_IN_PROGRESS', message: error.message, projection: error.projection, rebuildId: error.rebuildId ?? null });
  }
  if (error instanceof RebuildNotFoundError) {
    return new DomainErrorException({ code: 'REBUILD_NOT_FOUND', message: error.message, projection: error.projection, rebuildId: error.rebuildId });
  }
  return error;
}
