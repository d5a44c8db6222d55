/** Only one rebuild of a projection runs at a time, across every projector instance. */
export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';

  constructor(
    readonly projection: string,
    /** The running rebuild, when it could be told (another instance may be just starting one). */
    readonly rebuildId: string | undefined,
  ) {
    super(`A rebuild of ${projection} is already running${rebuildId === undefined ? '' : ` (${rebuildId})`}; follow it, or wait for it to end.`);
  }
}

export class RebuildNotFoundError extends Error {
  override readonly name = 'RebuildNotFoundError';

  constructor(
    readonly projection: string,
    readonly rebuildId: string,
  ) {
    super(`There is no rebuild ${rebuildId} of ${projection}.`);
  }
}

/** An event of the store that the projection could not apply: the rebuild stops, the live read model stays. */
export class RebuildEventError extends Error {
  override readonly name = 'RebuildEventError';
}
