/**
 * Where a relay remembers how far it got in `$all`: the position of the last event that the
 * broker acknowledged, so everything up to it is published.
 *
 * Guarantees:
 * - `save` is durable when it resolves.
 * - A checkpoint never moves backwards: saving a lower position than the stored one changes
 *   nothing, so a relay that lost its leadership late cannot undo its successor's progress.
 *   (Every saved position is one that was acknowledged, so keeping the highest loses nothing.)
 */
export interface CheckpointStore {
  /** The saved position, or `undefined` when this relay never saved one (start from the beginning). */
  load(name: string): Promise<bigint | undefined>;
  save(name: string, position: bigint): Promise<void>;
}
