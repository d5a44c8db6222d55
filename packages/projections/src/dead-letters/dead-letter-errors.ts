import { type DeadLetterStatus } from '../port/dead-letter';

export class DeadLetterNotFoundError extends Error {
  override readonly name = 'DeadLetterNotFoundError';

  constructor(readonly id: number) {
    super(`There is no dead letter ${id}.`);
  }
}

/** Only an open dead letter can be retried or skipped; a waiting one moves with the open one ahead of it. */
export class DeadLetterNotOpenError extends Error {
  override readonly name = 'DeadLetterNotOpenError';

  constructor(
    readonly id: number,
    readonly status: DeadLetterStatus,
  ) {
    super(
      status === 'waiting'
        ? `Dead letter ${id} is waiting behind an earlier one of its stream; retry or skip that one.`
        : `Dead letter ${id} is already ${status}.`,
    );
  }
}

/** A dead letter of a projection this process does not know (renamed or removed). */
export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';

  constructor(readonly projection: string) {
    super(`This projector does not know the projection "${projection}".`);
  }
}
