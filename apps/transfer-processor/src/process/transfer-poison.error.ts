/**
 * A transfer that no retry can advance: a step the transfer's state refuses, a key recorded by
 * another version of the legs, a history that does not decode. Retrying would hold its partition
 * forever; the process manager reports it (log, metric) and goes on with the others.
 */
export class TransferPoisonError extends Error {
  override readonly name = 'TransferPoisonError';

  constructor(
    readonly transferId: string,
    reason: string,
  ) {
    super(`transfer ${transferId}: ${reason}`);
  }
}
